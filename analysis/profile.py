"""A state's profile and side-by-side comparison, as plain tables. No Streamlit."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from analysis import metrics
from analysis.schema import CELL_FIELDS, CELL_HEADERS, FIELDS, FIELDS_BY_NAME, code_label

GROUP_ORDER = (
    "Duration",
    "Penalty",
    "Who may apply",
    "Remedies",
    "Fees",
    "Transmission",
    "Civil liability",
    "Identity",
)
GROUP_TITLES = {"Duration": "Order duration", "Penalty": "Violation penalty", "Identity": "Statute"}


def format_value(field: str, value: object) -> str:
    """A coded value as a person reads it; a missing value is 'Not stated', never 0."""
    f = FIELDS_BY_NAME[field]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "Not stated"
    if f.dtype == "bool":
        return "Yes" if bool(value) else "No"
    if f.codes:
        return code_label(value)
    if f.unit == "months":
        return metrics.format_months(float(value))
    if f.unit == "days":
        return metrics.format_days(float(value))
    if f.unit == "USD":
        return metrics.format_usd(float(value))
    return str(value)


def evidence_html(cell: str, evidence: str) -> str:
    """The cell with the evidence highlighted; all source text escaped."""
    if not cell:
        return "<i>(empty cell: the source says nothing here)</i>"
    if evidence and evidence in cell:
        i = cell.index(evidence)
        return (
            html.escape(cell[:i])
            + "<mark>"
            + html.escape(evidence)
            + "</mark>"
            + html.escape(cell[i + len(evidence) :])
        )
    return html.escape(cell)


@dataclass(frozen=True)
class ProfileItem:
    field: str
    label: str
    value_text: str
    evidence: str
    evidence_html: str
    method: str
    reason: str
    source_cell: str


def sections(df: pd.DataFrame, evidence: pd.DataFrame, code: str) -> list[tuple[str, list]]:
    """Every coded field of one state, grouped, with its evidence."""
    row = df.set_index("state_code").loc[code]
    ev = evidence[evidence.state_code == code].set_index("field")
    groups: dict[str, list[ProfileItem]] = {}
    for f in FIELDS:
        if not f.coded:
            continue
        rec = ev.loc[f.name]
        groups.setdefault(f.group, []).append(
            ProfileItem(
                f.name,
                f.label,
                format_value(f.name, row[f.name]),
                rec.evidence,
                evidence_html(rec.cell_text, rec.evidence),
                rec.method,
                rec.reason,
                f.source_cell,
            )
        )
    return [(GROUP_TITLES.get(g, g), groups[g]) for g in GROUP_ORDER if g in groups]


def cells_table(row: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Column of Table 32": [CELL_HEADERS[c] for c in CELL_FIELDS],
            "Cell text (verbatim)": [row[c] if row[c] else "(empty)" for c in CELL_FIELDS],
        }
    )


def agreement_table(agree: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Field": [FIELDS_BY_NAME[f].label for f in agree.field],
            "Table 32": [
                format_value(f, _typed(f, v))
                for f, v in zip(agree.field, agree.table_value, strict=True)
            ],
            "WomensLaw": [
                format_value(f, _typed(f, v))
                for f, v in zip(agree.field, agree.second_source_value, strict=True)
            ],
            "Agree?": ["Yes" if a == "true" else "No" for a in agree.agrees],
            "WomensLaw words": agree.second_source_evidence,
            "Citation": agree.citation,
            "Note": agree.note,
        }
    )


def _typed(field: str, text: str) -> object:
    f = FIELDS_BY_NAME[field]
    if text == "":
        return None
    if f.dtype in ("int", "float"):
        return float(text)
    if f.dtype == "bool":
        return text == "true"
    return text


def notes_table(notes: pd.DataFrame) -> pd.DataFrame:
    from analysis.womenslaw import TOPIC_LABELS

    return pd.DataFrame(
        {
            "Topic": [TOPIC_LABELS.get(t, t) for t in notes.topic],
            "Statement": notes.statement,
            "Citation": notes.citation,
        }
    )


def compare_table(df: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Coded fields (rows) x chosen states (columns), with whether the states differ."""
    sub = df.set_index("state_code").loc[codes]
    rows = []
    for f in FIELDS:
        if not f.coded:
            continue
        values = [format_value(f.name, sub.loc[c, f.name]) for c in codes]
        rows.append(
            {
                "group": GROUP_TITLES.get(f.group, f.group),
                "field": f.name,
                "label": f.label,
                **dict(zip(codes, values, strict=True)),
                "differs": len(set(values)) > 1,
            }
        )
    return pd.DataFrame(rows)


def highlight_all(cell: str, evidences: list[str]) -> str:
    """The cell, escaped, with every evidence substring marked (first occurrence each)."""
    if not cell:
        return "<i>(empty cell: the source says nothing here)</i>"
    spans: list[tuple[int, int]] = []
    for ev in sorted({e for e in evidences if e}, key=len, reverse=True):
        i = cell.find(ev)
        if i >= 0 and not any(a < i + len(ev) and i < b for a, b in spans):
            spans.append((i, i + len(ev)))
    out, pos = [], 0
    for a, b in sorted(spans):
        out.append(html.escape(cell[pos:a]))
        out.append("<mark>" + html.escape(cell[a:b]) + "</mark>")
        pos = b
    out.append(html.escape(cell[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class ProfileSection:
    title: str
    cells: list[tuple[str, str]]  # (column header, highlighted cell html)
    table: pd.DataFrame  # Field, Value, Evidence, How coded


def profile_sections(df: pd.DataFrame, evidence: pd.DataFrame, code: str) -> list[ProfileSection]:
    """One section per group: its source cell(s) with evidence marked, and a field table."""
    out = []
    for title, items in sections(df, evidence, code):
        by_cell: dict[str, list[str]] = {}
        for it in items:
            by_cell.setdefault(it.source_cell, []).append(it.evidence)
        row = df.set_index("state_code").loc[code]
        cells = [(CELL_HEADERS[c], highlight_all(row[c], evs)) for c, evs in by_cell.items()]
        table = pd.DataFrame(
            {
                "Field": [it.label for it in items],
                "Value": [it.value_text for it in items],
                "Source words": [it.evidence or "(cell silent)" for it in items],
                "How coded": [
                    "rule" if it.method == "rule" else f"reviewed: {it.reason}" for it in items
                ],
            }
        )
        out.append(ProfileSection(title, cells, table))
    return out
