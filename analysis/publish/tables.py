"""Data files for people: CSV and XLSX of a view or the whole dataset, with the evidence.

A CSV carries, after each coded column, the exact source words behind it
(`<field>_evidence`). The workbook (written by analysis.core.workbook, as the build's is)
has four sheets: data, evidence, codebook, and sources & how to cite. Values are written
as in data/processed: `true`/`false`, empty for not stated (never 0). The whole dataset's
files (CSV, XLSX, Parquet, SQLite, the data package) are served as the build wrote them.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from analysis.core import paths, release
from analysis.core.csvfile import csv_bytes
from analysis.core.schema import CODED_FIELDS
from analysis.core.sources import load_sources
from analysis.core.tables import PARQUET, SQLITE, XLSX, XLSX_MIME  # noqa: F401
from analysis.core.texts import AS_OF_NOTE, PROJECT_TITLE, long_date, today
from analysis.core.workbook import (  # noqa: F401 - this module's API for views
    SHEETS,
    codebook_frame,
    sources_frame,
    view_evidence,
    view_frame,
    workbook,
)

EVIDENCE_SUFFIX = "_evidence"


def encode_csv(df: pd.DataFrame) -> bytes:
    """A frame as UTF-8 CSV (the project's one CSV writer, analysis.core.csvfile)."""
    return csv_bytes(df)


def with_evidence(view: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """The view with `<field>_evidence` (the exact source words) after each coded column."""
    if "state_code" not in view.columns:
        return view.copy()
    lookup = {(r.state_code, r.field): r.evidence for r in evidence.itertuples(index=False)}
    cols: dict[str, pd.Series] = {}
    for col in view.columns:
        cols[col] = view[col]
        if col in CODED_FIELDS:
            cols[col + EVIDENCE_SUFFIX] = pd.Series(
                [lookup.get((c, col), "") for c in view["state_code"]],
                index=view.index,
                dtype="str",
            )
    return pd.DataFrame(cols)


def view_csv(view: pd.DataFrame, evidence: pd.DataFrame) -> bytes:
    """The view as CSV, each coded column followed by its evidence column."""
    return encode_csv(with_evidence(view, evidence))


def how_to_cite(view_url: str = "", day=None) -> str:
    """The dataset's citation with the date it was accessed (and the view's link)."""
    cite = release.dataset_citation(load_sources(), accessed=long_date(day or today()))
    return cite + (f" {view_url}" if view_url else "")


def full_dataset_csv(processed=None) -> bytes:
    """protective_orders.csv exactly as built (the file people cite)."""
    return ((processed or paths.PROCESSED) / paths.DATASET_CSV).read_bytes()


def evidence_csv(processed=None) -> bytes:
    return ((processed or paths.PROCESSED) / paths.EVIDENCE_CSV).read_bytes()


def dictionary_md(processed=None) -> bytes:
    return ((processed or paths.PROCESSED) / paths.DICTIONARY_MD).read_bytes()


def dataset_xlsx(processed=None) -> bytes:
    """protective_orders.xlsx as the build wrote it."""
    return ((processed or paths.PROCESSED) / XLSX.filename).read_bytes()


def dataset_parquet(processed=None) -> bytes:
    return ((processed or paths.PROCESSED) / PARQUET.filename).read_bytes()


def dataset_sqlite(processed=None) -> bytes:
    return ((processed or paths.PROCESSED) / SQLITE.filename).read_bytes()


def datapackage_json(processed=None) -> bytes:
    """datapackage.json exactly as the build wrote it."""
    return ((processed or paths.PROCESSED) / paths.DATAPACKAGE_JSON).read_bytes()


# Files of the repository every bundle carries: the data licence, citation and changelog.
BUNDLE_FILES = (release.DATA_LICENCE.file, "CITATION.cff", "CHANGELOG.md")


def datapackage_zip(processed=None) -> bytes:
    """datapackage.json (as built), every file it lists, the data dictionary, and the
    licence files (LICENSE.md: what covers what; LICENSE-DATA: CC BY 4.0), CITATION.cff
    and CHANGELOG.md, as one zip."""
    processed = processed or paths.PROCESSED
    desc = json.loads(datapackage_json(processed))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(processed / paths.DATAPACKAGE_JSON, paths.DATAPACKAGE_JSON)
        for r in desc["resources"]:
            z.write(processed / r["path"], r["path"])
        z.write(processed / paths.DICTIONARY_MD, paths.DICTIONARY_MD)
        z.writestr(release.NOTICE_FILE, release.licence_notice(load_sources(), desc["version"]))
        for name in BUNDLE_FILES:
            z.write(paths.ROOT / name, name)
    return buf.getvalue()


def view_sidecar(data_file: str, view_lines: list[str], view_url: str = "", day=None) -> bytes:
    """A JSON file to keep beside a downloaded CSV: which file, what view, when, the
    dataset's version, its source, licence and how to cite it."""
    record = {
        "file": data_file,
        "view": list(view_lines),
        "link": view_url,
        "exported": (day or today()).isoformat(),
        "title": PROJECT_TITLE,
        "version": release.version(),
        "source": release.source_reference(load_sources()),
        "as_of": AS_OF_NOTE,
        "licence": release.DATA_LICENCE.spdx,
        "how_to_cite": how_to_cite(view_url, day),
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
