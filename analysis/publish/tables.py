"""Data files for people: CSV and XLSX of a view or the whole dataset, with the evidence.

A CSV carries, after each coded column, the exact source words behind it
(`<field>_evidence`). The workbook has four sheets: data, evidence, codebook, and
sources & how to cite. Values are written as in data/processed: `true`/`false`, empty
for not stated (never 0).
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.core import paths
from analysis.core.csvfile import csv_bytes
from analysis.core.schema import CODED_FIELDS, FIELDS, FIELDS_BY_NAME
from analysis.core.sources import Source, load_sources
from analysis.core.texts import AS_OF_NOTE, CAVEAT, PROJECT_TITLE, long_date, today

EVIDENCE_SUFFIX = "_evidence"
SHEETS = ("data", "evidence", "codebook", "sources & how to cite")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def encode_csv(df: pd.DataFrame) -> bytes:
    """A frame as UTF-8 CSV (the project's one CSV writer, analysis.core.csvfile)."""
    return csv_bytes(df)


def view_evidence(view: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """The evidence rows behind a view: its jurisdictions and its coded columns."""
    fields = [c for c in view.columns if c in CODED_FIELDS] or list(CODED_FIELDS)
    codes = list(view["state_code"]) if "state_code" in view.columns else None
    ev = evidence[evidence["field"].isin(fields)]
    if codes is not None:
        ev = ev[ev["state_code"].isin(codes)]
    order = {c: i for i, c in enumerate(codes or [])}
    forder = {f: i for i, f in enumerate(FIELDS_BY_NAME)}
    ev = ev.assign(_s=ev["state_code"].map(order), _f=ev["field"].map(forder))
    return (
        ev.sort_values(["_s", "_f"], kind="stable")
        .drop(columns=["_s", "_f"])
        .reset_index(drop=True)
    )


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


def codebook_frame() -> pd.DataFrame:
    """The codebook (analysis.core.schema.FIELDS) as a table."""
    return pd.DataFrame(
        {
            "column": [f.name for f in FIELDS],
            "label": [f.label for f in FIELDS],
            "group": [f.group for f in FIELDS],
            "type": [f.dtype for f in FIELDS],
            "unit": [f.unit for f in FIELDS],
            "empty means not stated": ["yes" if f.nullable else "" for f in FIELDS],
            "codes": [", ".join(f.codes) for f in FIELDS],
            "read from cell": [f.source_cell for f in FIELDS],
            "description": [f.description for f in FIELDS],
        }
    )


def how_to_cite(view_url: str = "", day=None) -> str:
    day = day or today()
    text = (
        f'{PROJECT_TITLE} (dataset), coded from "Table 32: Protective Orders" '
        f"(undated; coded as published, not current law). Accessed {long_date(day)}."
    )
    return text + (f" {view_url}" if view_url else "")


def sources_frame(
    sources: dict[str, Source] | None = None, view_url: str = "", day=None
) -> pd.DataFrame:
    """Sources (titles, dates, sha256), the caveat and how to cite, as key/value rows."""
    sources = sources if sources is not None else load_sources()
    rows: list[tuple[str, str]] = []
    for s in sources.values():
        rows += [
            ("Source", s.title),
            ("Role", s.role),
            ("Publisher", s.publisher),
            ("As of", s.as_of or "undated"),
            ("As-of note", s.as_of_note),
            ("File", f"data/raw/{s.filename}"),
            ("sha256", s.sha256),
            ("", ""),
        ]
    rows += [
        ("Caveat", CAVEAT),
        ("As of", AS_OF_NOTE),
        ("How to cite", how_to_cite(view_url, day)),
        ("View", view_url or "(full dataset)"),
        ("Exported", long_date(day or today())),
        (
            "Coding",
            "Every coded value has its evidence (an exact substring of the source "
            "cell) in the evidence sheet; `method` says whether a rule or a reviewer "
            "set it, and `reason` why.",
        ),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def _excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Excel has no nullable ints or booleans: object columns with None for missing."""
    out = df.copy()
    for col in out.columns:
        dtype = str(out[col].dtype)
        if dtype in ("Int64", "boolean"):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def _format_sheet(ws, widths: dict[int, int], wrap_cols: set[int]) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            # Text that looks like a formula stays text (no formula injection).
            if cell.data_type == "f":
                cell.data_type = "s"
            if cell.column in wrap_cols:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for idx, width in widths.items():
        ws.column_dimensions[get_column_letter(idx)].width = width


def workbook(
    view: pd.DataFrame,
    evidence: pd.DataFrame,
    view_url: str = "",
    sources: dict[str, Source] | None = None,
    day=None,
    view_lines: list[str] | None = None,
) -> bytes:
    """An XLSX: the view (data), its evidence, the codebook, and sources & how to cite.

    view_lines (what the view is, e.g. its filters) become a first sheet "this view".
    """
    ev = view_evidence(view, evidence)
    frames = {}
    if view_lines:
        frames["this view"] = _excel_safe(view_frame(view_lines, view_url, day))
    frames |= {
        "data": _excel_safe(view.reset_index(drop=True)),
        "evidence": ev,
        "codebook": codebook_frame(),
        "sources & how to cite": sources_frame(sources, view_url, day),
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, frame in frames.items():
            frame.to_excel(xw, sheet_name=name, index=False)
        book = xw.book
        data_ws = book["data"]
        _format_sheet(
            data_ws,
            {i + 1: 14 if not str(c).endswith("_text") else 40 for i, c in enumerate(view.columns)},
            set(),
        )
        ev_cols = list(ev.columns)
        _format_sheet(
            book["evidence"],
            {
                ev_cols.index(c) + 1: w
                for c, w in (
                    ("state_code", 8),
                    ("field", 30),
                    ("value", 14),
                    ("source_cell", 20),
                    ("cell_text", 60),
                    ("evidence", 40),
                    ("method", 10),
                    ("reason", 40),
                    ("rule", 30),
                )
                if c in ev_cols
            },
            {ev_cols.index("cell_text") + 1} if "cell_text" in ev_cols else set(),
        )
        _format_sheet(
            book["codebook"], {1: 32, 2: 32, 3: 16, 4: 10, 5: 8, 6: 10, 7: 40, 8: 22, 9: 80}, {9}
        )
        _format_sheet(book["sources & how to cite"], {1: 16, 2: 110}, {2})
        if view_lines:
            _format_sheet(book["this view"], {1: 110}, {1})
        book.properties.title = f"{PROJECT_TITLE}: data export"
        book.properties.creator = PROJECT_TITLE
    return buf.getvalue()


def full_dataset_csv(processed=None) -> bytes:
    """protective_orders.csv exactly as built (the file people cite)."""
    return ((processed or paths.PROCESSED) / paths.DATASET_CSV).read_bytes()


def evidence_csv(processed=None) -> bytes:
    return ((processed or paths.PROCESSED) / paths.EVIDENCE_CSV).read_bytes()


def dictionary_md(processed=None) -> bytes:
    return ((processed or paths.PROCESSED) / paths.DICTIONARY_MD).read_bytes()


def datapackage_json(processed=None) -> bytes:
    """datapackage.json exactly as the build wrote it."""
    return ((processed or paths.PROCESSED) / paths.DATAPACKAGE_JSON).read_bytes()


def datapackage_zip(processed=None) -> bytes:
    """datapackage.json (as built), every file it lists and the data dictionary, as one zip."""
    processed = processed or paths.PROCESSED
    desc = json.loads(datapackage_json(processed))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(processed / paths.DATAPACKAGE_JSON, paths.DATAPACKAGE_JSON)
        for r in desc["resources"]:
            z.write(processed / r["path"], r["path"])
        z.write(processed / paths.DICTIONARY_MD, paths.DICTIONARY_MD)
    return buf.getvalue()


def view_frame(view_lines: list[str], view_url: str = "", day=None) -> pd.DataFrame:
    """What a downloaded view is: its description lines, link, date and the as-of note."""
    lines = [*view_lines]
    if view_url:
        lines.append(f"Link to this view: {view_url}")
    lines += [f"Exported {long_date(day or today())}.", AS_OF_NOTE]
    return pd.DataFrame({"this view": lines})


def view_sidecar(data_file: str, view_lines: list[str], view_url: str = "", day=None) -> bytes:
    """A JSON file to keep beside a downloaded CSV: which file, what view, when, source."""
    record = {
        "file": data_file,
        "view": list(view_lines),
        "link": view_url,
        "exported": (day or today()).isoformat(),
        "title": PROJECT_TITLE,
        "as_of": AS_OF_NOTE,
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
