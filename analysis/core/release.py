"""The release: version, date, identifier, licences and the values each version holds.

Declared once. The version is pyproject.toml's `[project] version`; `data/releases.json`
records, for every released version, its date and the sha256 of each processed value
table (the CSV files), so a test can tell when a value changed without a new version and
a changelog entry. The build stamps the version into datapackage.json and
build_summary.json; the Methods page, the downloads and CITATION.cff say the same.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analysis.core import paths
from analysis.core.sources import Source
from analysis.core.tables import CSV_TABLES
from analysis.core.texts import PROJECT_TITLE

PYPROJECT = paths.ROOT / "pyproject.toml"
RELEASES_FILE = paths.DATA / "releases.json"
CHANGELOG = paths.ROOT / "CHANGELOG.md"
CITATION = paths.ROOT / "CITATION.cff"

# The dataset's identifier: the same for every version (a version is `id` + `version`).
DATASET_ID = "urn:uuid:c6134bfc-6c95-4f58-b14a-271fe94d7d76"
# No public address yet: set it when the app or repository is published.
HOMEPAGE = ""


@dataclass(frozen=True)
class Licence:
    """A licence: SPDX id, title, the licence's own address, what it covers, its file."""

    spdx: str
    title: str
    url: str
    covers: str
    file: str


DATA_LICENCE = Licence(
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "https://creativecommons.org/licenses/by/4.0/",
    "The coded dataset: the coded values, the evidence selections, the reviewers' reasons, "
    "the codebook and the tables' structure (every file in data/processed/).",
    "LICENSE-DATA",
)
CODE_LICENCE = Licence(
    "MIT",
    "MIT License",
    "https://opensource.org/license/mit",
    "The code: the app, the build and the tests.",
    "LICENSE",
)
# What the project cannot licence: the sources' own words, quoted so values can be checked.
SOURCE_TERMS = (
    "The source documents' own terms of use are unknown: Table 32 names no publisher and "
    "no licence, and the WomensLaw.org page as kept here states none. Their words, quoted "
    "verbatim (the eight *_text and code_section columns, evidence.cell_text and "
    "evidence.evidence, state_notes.statement), remain their publishers' and are not "
    "covered by this project's licence; they are quoted so that every coded value can be "
    "checked against its source."
)
LICENCE_SUMMARY = (
    f"Data: {DATA_LICENCE.title} ({DATA_LICENCE.spdx}); cite the dataset and its version. "
    "Quoted source text: the sources' own terms, unknown."
)


ACCESS_DATE = "[date accessed]"


class ReleaseError(ValueError):
    """The release records disagree with each other, with the changelog or with the data."""


def version(pyproject: Path = PYPROJECT) -> str:
    """The project's version, from pyproject.toml (one place)."""
    with pyproject.open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def releases(path: Path = RELEASES_FILE) -> dict[str, dict]:
    """Every released version: {version: {"released": "YYYY-MM-DD", "values": {file: sha256}}}."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def released(ver: str, records: dict[str, dict] | None = None) -> str | None:
    """The release date of a version (YYYY-MM-DD), or None if it is not recorded yet."""
    rec = (releases() if records is None else records).get(ver)
    return rec["released"] if rec else None


def value_files() -> tuple[str, ...]:
    """The files whose content is the dataset's values: every processed CSV table."""
    return tuple(t.filename for t in CSV_TABLES)


def values_digest(files: dict[str, bytes]) -> dict[str, str]:
    """sha256 of each value table, from the files' bytes."""
    return {name: hashlib.sha256(files[name]).hexdigest() for name in value_files()}


def read_values(processed: Path | None = None) -> dict[str, bytes]:
    processed = processed or paths.PROCESSED
    return {name: (processed / name).read_bytes() for name in value_files()}


WHAT_TO_DO = (
    "A changed value is a new version: (1) raise `version` in pyproject.toml; (2) add a "
    "CHANGELOG.md entry for it that says which values changed; (3) run "
    "`python -m analysis release` to record the new values in data/releases.json, stamp "
    "CITATION.cff and rebuild (README, 'Releasing')."
)


def check_values(
    files: dict[str, bytes], ver: str, records: dict[str, dict], changelog: str
) -> list[str]:
    """What is wrong between the data, the version, the release records and the changelog.

    Empty when the values are those recorded for this version and the changelog has its
    entry. Each problem says what to do.
    """
    problems = []
    if ver not in changelog_versions(changelog):
        problems.append(f"CHANGELOG.md has no entry for version {ver}: add one. {WHAT_TO_DO}")
    rec = records.get(ver)
    if rec is None:
        problems.append(
            f"version {ver} is not recorded in data/releases.json: run "
            "`python -m analysis release` once its CHANGELOG.md entry is written."
        )
        return problems
    now = values_digest(files)
    changed = sorted(n for n in now if rec["values"].get(n) != now[n])
    if changed:
        problems.append(
            f"the processed values differ from those released as version {ver} "
            f"({', '.join(changed)} changed). {WHAT_TO_DO}"
        )
    return problems


_ENTRY = re.compile(r"^## \[?(\d+\.\d+\.\d+)\]?(?:\s+-\s+(\d{4}-\d{2}-\d{2}))?", re.MULTILINE)


def changelog_versions(text: str) -> dict[str, str | None]:
    """The versions CHANGELOG.md has entries for (newest first), with their dates."""
    return {m.group(1): m.group(2) for m in _ENTRY.finditer(text)}


def primary_source(sources: dict[str, Source]) -> Source:
    """The source the dataset codes (Table 32)."""
    return next((s for s in sources.values() if s.role == "primary"), next(iter(sources.values())))


def source_reference(sources: dict[str, Source]) -> str:
    """'"Table 32: Protective Orders" (undated; publisher: not stated in the document)'."""
    src = primary_source(sources)
    date = src.as_of or "undated"
    return f'"{src.title}" ({date}; publisher: {src.publisher.split(" (")[0].lower()})'


def dataset_citation(
    sources: dict[str, Source], ver: str | None = None, accessed: str = ACCESS_DATE
) -> str:
    """How to cite the dataset: title, version, source, licence, access date, caveat."""
    ver = ver or version()
    return (
        f"{PROJECT_TITLE}: a coded dataset of the 50 states and the District of Columbia, "
        f"version {ver} [data set]. Coded from {source_reference(sources)}. Licence: "
        f"{DATA_LICENCE.spdx}. Accessed {accessed}. Reflects the source as published, not "
        "current law."
    )


NOTICE_FILE = "LICENSE.md"


def licence_notice(sources: dict[str, Source], ver: str | None = None) -> str:
    """LICENSE.md of a download bundle: which licence covers what, and how to cite."""
    ver = ver or version()
    lic = DATA_LICENCE
    return (
        f"# Licences: {PROJECT_TITLE}, version {ver}\n\n"
        f"- **The data** are licensed under the {lic.title} licence ({lic.spdx}, "
        f"{lic.url}); the full text is in `{lic.file}`. {lic.covers} You may share and "
        "adapt them for any purpose, giving credit (cite the dataset and its version, as "
        "below) and saying what you changed.\n"
        f"- **Quoted source text**: {SOURCE_TERMS}\n"
        f"- **The code** that builds these files is under the {CODE_LICENCE.title} "
        f"({CODE_LICENCE.spdx}; `{CODE_LICENCE.file}` in the repository).\n\n"
        f"How to cite: {dataset_citation(sources, ver)}\n"
    )


def version_key(ver: str) -> tuple[int, ...]:
    return tuple(int(p) for p in ver.split("."))
