"""The release a researcher cites: licences, CITATION.cff, version, changelog, values.

Expected values are read from the repository's own records (pyproject.toml,
data/releases.json, CHANGELOG.md, the licence files), never from the code that writes
the outputs; the checks that can refuse a release are shown refusing one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sqlite3
import tempfile
import tomllib

import jsonschema
import openpyxl
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from analysis.core import paths, release
from analysis.core.sources import load_sources
from analysis.facts import load, methods
from analysis.publish import briefs
from analysis.publish import tables as publish_tables
from analysis.tools import release as release_tool
from tests.conftest import html_tables, preformatted

ROOT = paths.ROOT
SCHEMA = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text("utf-8"))


class _CffLoader(yaml.SafeLoader):
    """YAML as CFF tools read it: dates stay text (the schema checks their pattern)."""


_CffLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def cff_errors(text: str) -> list[str]:
    doc = yaml.load(text, Loader=_CffLoader)  # noqa: S506 - a SafeLoader subclass
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.fixture(scope="module")
def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]["version"]


@pytest.fixture(scope="module")
def records() -> dict:
    return json.loads((ROOT / "data" / "releases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.load((ROOT / "CITATION.cff").read_text("utf-8"), Loader=_CffLoader)  # noqa: S506


# --- Licences ----------------------------------------------------------------------------


def test_code_is_mit_and_data_is_cc_by_4_with_their_full_texts():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in code
    data = (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert data.startswith("Creative Commons Attribution 4.0 International")
    for section in ("Section 1 – Definitions", "Section 3 – License Conditions"):
        assert section in data
    with (ROOT / "pyproject.toml").open("rb") as fh:
        assert tomllib.load(fh)["project"]["license"] == "MIT"


def test_readme_states_the_licences_the_citation_the_formats_and_the_release_steps():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for words in (
        "CC BY 4.0",
        "LICENSE-DATA",
        "MIT",
        "CITATION.cff",
        "terms of use are unknown",
        "protective_orders.sqlite",
        "protective_orders.parquet",
        "protective_orders.xlsx",
        "python -m analysis release",
        "git tag",
        "CHANGELOG.md",
    ):
        assert words in readme, words


def test_methods_licences_name_the_data_licence_the_code_licence_and_unknown_source_terms():
    lic = methods.licences_table()
    data = lic[lic.what.str.startswith("The coded dataset")].iloc[0]
    assert "CC-BY-4.0" in data.licence and "creativecommons.org/licenses/by/4.0" in data.licence
    code = lic[lic.what.str.startswith("The app's code")].iloc[0]
    assert "MIT" in code.licence and (ROOT / code.see).exists()
    src = lic[lic.what.str.contains("Table 32")].iloc[0]
    assert src.licence.startswith("Unknown")


def test_methods_page_shows_the_version_and_the_data_licence(project_version):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/methods.py")
    at.run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert f"version {project_version}" in text and "CC-BY-4.0" in text
    cites = "\n".join(preformatted(at))
    assert f"version {project_version}" in cites and "Licence: CC-BY-4.0" in cites
    tables = "\n".join(t.to_csv() for t in html_tables(at))
    assert "Creative Commons Attribution 4.0" in tables and "Unknown" in tables


# --- CITATION.cff ------------------------------------------------------------------------


def test_citation_cff_is_valid_cff_1_2_0():
    assert cff_errors((ROOT / "CITATION.cff").read_text(encoding="utf-8")) == []


def test_the_cff_check_catches_an_invalid_file():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^date-released: .*$", "date-released: 1 December 2026", text)
    assert any("date-released" in e for e in cff_errors(broken))
    assert any("authors" in e for e in cff_errors(text.replace("authors:", "writers:", 1)))


def test_citation_cff_names_this_version_its_date_licence_and_id(
    cff, project_version, records, changelog
):
    assert cff["type"] == "dataset"
    assert cff["version"] == project_version
    assert cff["date-released"] == records[project_version]["released"]
    assert release.changelog_versions(changelog)[project_version] == cff["date-released"]
    assert cff["license"] == "CC-BY-4.0"
    assert release.DATASET_ID in [i["value"] for i in cff["identifiers"]]
    sources = json.loads(paths.SOURCES_FILE.read_text(encoding="utf-8"))
    notes = " ".join(r.get("notes", "") for r in cff["references"])
    for rec in sources.values():
        assert rec["sha256"] in " ".join(notes.split())


def test_release_stamps_citation_cff_without_touching_the_rest(cff):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    stamped = release_tool.stamp_citation(text, "9.8.7", "2031-02-03")
    assert cff_errors(stamped) == []
    doc = yaml.load(stamped, Loader=_CffLoader)  # noqa: S506
    assert doc["version"] == "9.8.7" and doc["date-released"] == "2031-02-03"
    assert {k: v for k, v in doc.items() if k not in ("version", "date-released")} == {
        k: v for k, v in cff.items() if k not in ("version", "date-released")
    }


# --- Version, data package, changelog ------------------------------------------------------


def test_data_package_and_build_summary_carry_the_version_date_id_and_licence(
    project_version, records
):
    desc = json.loads((paths.PROCESSED / paths.DATAPACKAGE_JSON).read_text(encoding="utf-8"))
    assert desc["version"] == project_version
    assert desc["created"] == f"{records[project_version]['released']}T00:00:00Z"
    assert desc["id"] == release.DATASET_ID
    assert [lic["name"] for lic in desc["licenses"]] == ["CC-BY-4.0"]
    assert "terms of use are unknown" in desc["description"]
    assert all("Terms of use: unknown" in s["description"] for s in desc["sources"])
    summary = json.loads((paths.PROCESSED / paths.SUMMARY_JSON).read_text(encoding="utf-8"))
    assert summary["version"] == project_version


def test_processed_values_are_those_released_as_this_version(project_version, records, changelog):
    """Fails when a value changes without a new version and a changelog entry."""
    problems = release.check_values(release.read_values(), project_version, records, changelog)
    assert problems == [], "\n".join(problems)
    # The record is the files' own sha256, not something the code made up.
    for name, digest in records[project_version]["values"].items():
        assert hashlib.sha256((paths.PROCESSED / name).read_bytes()).hexdigest() == digest


def test_a_changed_value_without_a_new_version_is_refused_with_what_to_do(
    project_version, records, changelog
):
    files = release.read_values()
    text = files[paths.DATASET_CSV].decode("utf-8")
    assert ",within_6h," in text
    files[paths.DATASET_CSV] = text.replace(",within_6h,", ",within_24h,", 1).encode("utf-8")
    problems = release.check_values(files, project_version, records, changelog)
    assert len(problems) == 1
    assert paths.DATASET_CSV in problems[0] and "raise `version` in pyproject.toml" in problems[0]
    assert "CHANGELOG.md" in problems[0] and "python -m analysis release" in problems[0]
    # A new version recorded for the new values, with its changelog entry, passes.
    bumped = {"9.0.0": {"released": "2031-01-01", "values": release.values_digest(files)}}
    entry = "## [9.0.0] - 2031-01-01\n\n- IA transmission_deadline: within_6h -> within_24h.\n"
    assert release.check_values(files, "9.0.0", {**records, **bumped}, entry + changelog) == []
    # Without the entry it is refused again.
    missing = release.check_values(files, "9.0.0", {**records, **bumped}, changelog)
    assert missing and "CHANGELOG.md has no entry for version 9.0.0" in missing[0]


def test_every_released_version_has_a_dated_changelog_entry_newest_first(
    project_version, records, changelog
):
    entries = release.changelog_versions(changelog)
    assert list(entries)[0] == project_version, "the newest CHANGELOG.md entry is this version"
    keys = [release.version_key(v) for v in entries]
    assert keys == sorted(keys, reverse=True)
    for ver, rec in records.items():
        assert entries.get(ver) == rec["released"], f"CHANGELOG.md entry for {ver}"
    first = changelog.split(f"## [{list(entries)[-1]}]")[1]
    assert "first release" in first.lower() and "Values changed: none" in first


def test_citations_everywhere_name_the_version_and_licence(project_version):
    cite = release.dataset_citation(load_sources())
    assert f"version {project_version}" in cite and "CC-BY-4.0" in cite
    assert "not current law" in cite and "Table 32: Protective Orders" in cite


def test_one_dataset_citation_reads_the_same_in_every_file():
    """The brief (three formats), a view's workbook, the database, the bundle's licence
    notice and the Methods page all carry the dataset's citation word for word."""
    day = dt.date(2026, 3, 4)
    accessed = "4 March 2026"
    sources = load_sources()
    want = release.dataset_citation(sources, accessed=accessed)
    df, ev = load.load_dataset(), load.load_evidence()
    b = briefs.build(df, ["MS", "AL"], ["duration"], evidence=ev, day=day)
    assert want in briefs.to_markdown(b).replace("\\", "")
    assert want in b.citation
    book = openpyxl.load_workbook(io.BytesIO(publish_tables.workbook(df, ev, day=day)))
    rows = {r[0]: r[1] for r in book["sources & how to cite"].iter_rows(values_only=True)}
    assert rows["How to cite"].startswith(want)
    # Files without an access date carry the release's.
    undated = release.dataset_citation(sources)
    with tempfile.NamedTemporaryFile(suffix=".sqlite") as f:
        f.write((paths.PROCESSED / "protective_orders.sqlite").read_bytes())
        f.flush()
        about = dict(sqlite3.connect(f.name).execute("select key, value from about"))
    assert about["how to cite"] == undated
    assert undated in release.licence_notice(sources)
    assert methods.citations(sources).dataset == undated
