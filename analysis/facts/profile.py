"""A state's profile and side-by-side comparison, as plain tables. No Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core import display
from analysis.core.markup import mark_text
from analysis.core.schema import CELL_FIELDS, CELL_HEADERS, FIELDS, FIELDS_BY_NAME
from analysis.core.tables import NOTE_TOPICS

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


def evidence_html(cell: str, evidence: str) -> str:
    """The cell with the evidence marked (its first occurrence); all source text escaped."""
    return mark_text(cell, [evidence], first_only=True)


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
    row = df.loc[df["state_code"] == code].iloc[0].to_dict()
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
                display.value_text(f.name, row),
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
            "Cell text (verbatim)": [display.cell_text(row[c]) for c in CELL_FIELDS],
        }
    )


def agreement_table(agree: pd.DataFrame, dataset: pd.DataFrame) -> pd.DataFrame:
    """Both sources' values of the fields they share, in the display layer's words.

    Each value is said as display.value_text says it for the jurisdiction's row, with the
    value swapped for the one read from each source (and, for WomensLaw, its own words as
    the text its unit is read from).
    """
    rows = dataset.set_index("state_code", drop=False)
    table32, womenslaw = [], []
    for rec in agree.to_dict("records"):
        row = rows.loc[rec["state_code"]].to_dict()
        table32.append(
            display.value_text(
                rec["field"], {**row, rec["field"]: _typed(rec["field"], rec["table_value"])}
            )
        )
        f = FIELDS_BY_NAME[rec["field"]]
        second = {**row, rec["field"]: _typed(rec["field"], rec["second_source_value"])}
        if f.source_cell:
            second[f.source_cell] = rec["second_source_evidence"]
        womenslaw.append(display.value_text(rec["field"], second))
    return pd.DataFrame(
        {
            "Field": [FIELDS_BY_NAME[f].label for f in agree.field],
            "Table 32": table32,
            "WomensLaw": womenslaw,
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


@dataclass(frozen=True)
class StateSources:
    """What a profile shows besides its sections: the statute line, the 8 source cells, and
    the second source's statements and agreement where it speaks to the state."""

    code_section: str
    repealed: bool
    cells: pd.DataFrame
    notes_source: str  # "" when the second source says nothing of the state
    notes_as_of: str
    agreement: pd.DataFrame | None
    notes: pd.DataFrame | None


def state_sources(
    dataset: pd.DataFrame, notes: pd.DataFrame, agreement: pd.DataFrame, code: str
) -> StateSources:
    row = dataset.set_index("state_code").loc[code]
    mine = notes[notes.state_code == code]
    agree = agreement[agreement.state_code == code]
    return StateSources(
        code_section=str(row.code_section),
        repealed=bool(row.statute_repealed),
        cells=cells_table(row),
        notes_source=str(mine.iloc[0].source) if len(mine) else "",
        notes_as_of=str(mine.iloc[0].as_of) if len(mine) else "",
        agreement=agreement_table(agree, dataset) if len(mine) and len(agree) else None,
        notes=notes_table(mine) if len(mine) else None,
    )


def notes_table(notes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Topic": [NOTE_TOPICS.get(t, t) for t in notes.topic],
            "Statement": notes.statement,
            "Citation": notes.citation,
        }
    )


def compare_table(df: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Coded fields (rows) x chosen states (columns), with whether the states differ."""
    sub = df.set_index("state_code", drop=False)
    chosen = [sub.loc[c].to_dict() for c in codes]
    rows = []
    for f in FIELDS:
        if not f.coded:
            continue
        values = [display.value_text(f.name, row) for row in chosen]
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
    return mark_text(
        cell, sorted({e for e in evidences if e}, key=len, reverse=True), first_only=True
    )


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
                "Source words": [display.evidence_text(it.evidence) for it in items],
                "How coded": [
                    "rule" if it.method == "rule" else f"reviewed: {it.reason}" for it in items
                ],
            }
        )
        out.append(ProfileSection(title, cells, table))
    return out
