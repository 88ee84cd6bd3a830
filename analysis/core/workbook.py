"""The one XLSX writer: the dataset workbook the build writes, and any view's workbook.

Sheets (analysis.core.tables.XLSX_SHEETS): data, evidence, codebook, and sources & how
to cite (version, licences, sources with checksums, the caveat). Values as in
data/processed: yes/no as spreadsheet booleans, empty for not stated (never 0). The
build's workbook is byte-for-byte reproducible: its dates are the release's, and the zip
entries carry a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.core import release
from analysis.core.schema import CODED_FIELDS, FIELDS, FIELDS_BY_NAME
from analysis.core.sources import Source, load_sources
from analysis.core.tables import XLSX_SHEETS
from analysis.core.texts import AS_OF_NOTE, CAVEAT, PROJECT_TITLE, long_date, today

SHEETS = XLSX_SHEETS
VIEW_SHEET = "this view"  # a view's workbook only: what the view is, its link and date


def view_frame(
    view_lines: list[str], view_url: str = "", day: dt.date | None = None
) -> pd.DataFrame:
    """What a downloaded view is: its description lines, link, date and the as-of note."""
    lines = [*view_lines]
    if view_url:
        lines.append(f"Link to this view: {view_url}")
    lines += [f"Exported {long_date(day or today())}.", AS_OF_NOTE]
    return pd.DataFrame({VIEW_SHEET: lines})


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


def licence_rows() -> list[tuple[str, str]]:
    """What may be done with the data, and what the project cannot licence."""
    lic = release.DATA_LICENCE
    return [
        ("Licence (data)", f"{lic.title} ({lic.spdx}), {lic.url}. Covers: {lic.covers}"),
        ("Licence (quoted source text)", release.SOURCE_TERMS),
    ]


def sources_frame(
    sources: dict[str, Source] | None = None,
    view_url: str = "",
    day: dt.date | None = None,
    built: bool = False,
) -> pd.DataFrame:
    """Sources (titles, dates, sha256), version, licences, the caveat and how to cite.

    built: the build's workbook (the release's date, no access date filled in); otherwise
    an export made today (or on `day`) from a view of the app.
    """
    sources = sources if sources is not None else load_sources()
    ver = release.version()
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
    released = release.released(ver)
    rows += [
        ("Dataset", PROJECT_TITLE),
        ("Version", ver + (f" (released {released})" if released else " (not yet released)")),
        *licence_rows(),
        ("Caveat", CAVEAT),
        ("As of", AS_OF_NOTE),
    ]
    if built:
        rows += [
            ("How to cite", release.dataset_citation(sources, ver)),
            ("View", "(full dataset: data/processed/protective_orders.xlsx)"),
        ]
    else:
        day = day or today()
        cite = release.dataset_citation(sources, ver, accessed=long_date(day))
        rows += [
            ("How to cite", cite + (f" {view_url}" if view_url else "")),
            ("View", view_url or "(full dataset)"),
            ("Exported", long_date(day)),
        ]
    rows.append(
        (
            "Coding",
            "Every coded value has its evidence (an exact substring of the source "
            "cell) in the evidence sheet; `method` says whether a rule or a reviewer "
            "set it, and `reason` why.",
        )
    )
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


_EVIDENCE_WIDTHS = (
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


def workbook(
    view: pd.DataFrame,
    evidence: pd.DataFrame,
    view_url: str = "",
    sources: dict[str, Source] | None = None,
    day: dt.date | None = None,
    built: bool = False,
    view_lines: list[str] | None = None,
) -> bytes:
    """An XLSX: the view (data), its evidence, the codebook, and sources & how to cite.

    view_lines (what the view is, e.g. its filters) become a first sheet "this view".
    """
    ev = view_evidence(view, evidence)
    frames = {}
    if view_lines:
        frames[VIEW_SHEET] = view_frame(view_lines, view_url, day)
    frames |= {
        "data": _excel_safe(view.reset_index(drop=True)),
        "evidence": ev,
        "codebook": codebook_frame(),
        "sources & how to cite": sources_frame(sources, view_url, day, built),
    }
    assert tuple(f for f in frames if f != VIEW_SHEET) == SHEETS
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, frame in frames.items():
            frame.to_excel(xw, sheet_name=name, index=False)
        book = xw.book
        _format_sheet(
            book["data"],
            {i + 1: 14 if not str(c).endswith("_text") else 40 for i, c in enumerate(view.columns)},
            set(),
        )
        ev_cols = list(ev.columns)
        _format_sheet(
            book["evidence"],
            {ev_cols.index(c) + 1: w for c, w in _EVIDENCE_WIDTHS if c in ev_cols},
            {ev_cols.index("cell_text") + 1} if "cell_text" in ev_cols else set(),
        )
        _format_sheet(
            book["codebook"], {1: 32, 2: 32, 3: 16, 4: 10, 5: 8, 6: 10, 7: 40, 8: 22, 9: 80}, {9}
        )
        _format_sheet(book["sources & how to cite"], {1: 24, 2: 110}, {2})
        if view_lines:
            _format_sheet(book[VIEW_SHEET], {1: 110}, {1})
        book.properties.title = f"{PROJECT_TITLE}: data export"
        book.properties.creator = PROJECT_TITLE
    data = buf.getvalue()
    if built:
        released = release.released(release.version())
        data = reproducible_zip(data, dt.date.fromisoformat(released) if released else today())
    return data


_PROPS_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_zip(data: bytes, day: dt.date) -> bytes:
    """The same XLSX with every date set to `day`: same content, same bytes.

    openpyxl stamps the save time into docProps/core.xml and each zip entry.
    """
    stamp = f"{day.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _PROPS_DATE.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(
                info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0)
            )
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, body)
    return out.getvalue()
