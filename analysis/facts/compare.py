"""Compare 2 to 6 jurisdictions side by side: the fields where they differ, and the source
cells behind each value. Pure; no Streamlit. Values in display.value_text's words."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.core import urlstate
from analysis.core.markup import TABLE_CELL, TABLE_HEAD, TABLE_ROW_HEAD, mark_text
from analysis.core.schema import CELL_HEADERS, FIELDS, FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import profile

COMPARE_MIN, COMPARE_MAX = 2, 6
COMPARE_DEFAULT = ("MS", "AL", "TN")
COMPARE_PARAMS: list[urlstate.Param] = [
    urlstate.Param("states", "states", default=list(COMPARE_DEFAULT)),
    urlstate.Param("only_differences", "bool", default=False),
]
DIFF_STYLE = "background-color:#fde9a8;color:#1a1a1a;font-weight:600"


def compare_selection(codes: Sequence[str]) -> tuple[list[str], str | None]:
    """At most COMPARE_MAX valid codes, and a message when the choice cannot be compared."""
    valid = [c for c in dict.fromkeys(codes) if c in STATE_NAMES]
    msg = None
    if len(valid) > COMPARE_MAX:
        msg = (
            f"You can compare up to {COMPARE_MAX} jurisdictions at a time; showing the "
            f"first {COMPARE_MAX} of the {len(valid)} chosen."
        )
        valid = valid[:COMPARE_MAX]
    elif len(valid) < COMPARE_MIN:
        msg = f"Choose at least {COMPARE_MIN} jurisdictions to compare (up to {COMPARE_MAX})."
    return valid, msg


def compare_groups(
    df: pd.DataFrame, codes: Sequence[str], only_differences: bool = False
) -> list[tuple[str, pd.DataFrame]]:
    """profile.compare_table split by section; rows: Field, one column per state, Differs."""
    table = profile.compare_table(df, list(codes))
    if only_differences:
        table = table[table["differs"]]
    order = [profile.GROUP_TITLES.get(g, g) for g in profile.GROUP_ORDER]
    out = []
    for group in sorted(dict.fromkeys(table["group"]), key=order.index):
        part = table[table["group"] == group]
        shown = pd.DataFrame({"Field": part["label"].to_list()})
        for c in codes:
            shown[f"{STATE_NAMES[c]} ({c})"] = part[c].to_list()
        shown["Differs"] = ["differs" if d else "" for d in part["differs"]]
        out.append((group, shown))
    return out


def count_differences(df: pd.DataFrame, codes: Sequence[str]) -> tuple[int, int]:
    """(fields where the states differ, coded fields compared)."""
    table = profile.compare_table(df, list(codes))
    return int(table["differs"].sum()), len(table)


def compare_table_html(shown: pd.DataFrame) -> str:
    """A compare_groups() table as HTML: differing rows shaded and marked "differs".

    The shade is a light amber with dark text set explicitly, so it reads in light and dark
    themes; the "differs" word and bold type make the difference visible without colour.
    """
    cols = list(shown.columns)
    head = "".join(f"<th scope='col' {TABLE_HEAD}>{html.escape(c)}</th>" for c in cols)
    body = []
    for rec in shown.itertuples(index=False):
        values = list(rec)
        differs = bool(values[-1])
        style = f" style='{DIFF_STYLE}'" if differs else ""
        cells = [f"<th scope='row' {TABLE_ROW_HEAD}>{html.escape(str(values[0]))}</th>"]
        cells += [f"<td {TABLE_CELL}>{html.escape(str(v))}</td>" for v in values[1:]]
        kind = "differs" if differs else "same"
        body.append(f"<tr class='{kind}'{style}>{''.join(cells)}</tr>")
    share = 68 / max(len(cols) - 2, 1)
    widths = [24, *([share] * (len(cols) - 2)), 8]
    colgroup = "".join(f"<col style='width:{w:.2f}%'>" for w in widths)
    return (
        "<table class='compare-table' style='width:100%;border-collapse:collapse;"
        "font-size:0.92rem;table-layout:fixed'>"
        f"<colgroup>{colgroup}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


@dataclass(frozen=True)
class CompareSection:
    title: str
    table_html: str
    rows: int
    differing: int
    cells: list[tuple[str, str, str]]  # (state, cell header, cell html with evidence marked)


def source_cells_html(cells: Sequence[tuple[str, str, str]]) -> str:
    """A section's source cells side by side, one column per jurisdiction (wrapping to one
    under another on a narrow screen): one piece of HTML rather than a Streamlit column and
    element per cell. `cells` as CompareSection.cells (already escaped)."""
    items = "".join(
        f"<div><b>{state}</b><br><small>{header}</small><br>{cell}</div>"
        for state, header, cell in cells
    )
    return (
        '<div class="po-cells" style="display:grid;gap:.75rem 1.25rem;'
        'grid-template-columns:repeat(auto-fit,minmax(min(100%,14rem),1fr))">'
        f"{items}</div>"
    )


def compare_view(
    df: pd.DataFrame, evidence: pd.DataFrame, codes: Sequence[str], only_differences: bool = False
) -> tuple[int, int, list[CompareSection]]:
    """(fields that differ, fields compared, the sections to show) for the Compare page."""
    differ, total = count_differences(df, codes)
    sections = [
        CompareSection(
            title,
            compare_table_html(shown),
            len(shown),
            int((shown["Differs"] != "").sum()),
            group_cells_html(df, evidence, codes, title),
        )
        for title, shown in compare_groups(df, codes, only_differences)
    ]
    return differ, total, sections


def group_source_cells(group_title: str) -> tuple[str, ...]:
    """The source cells the fields of a compare section are coded from."""
    titles = {f.name: profile.GROUP_TITLES.get(f.group, f.group) for f in FIELDS if f.coded}
    return tuple(
        dict.fromkeys(FIELDS_BY_NAME[n].source_cell for n, t in titles.items() if t == group_title)
    )


def group_cells_html(
    df: pd.DataFrame, evidence: pd.DataFrame, codes: Sequence[str], group_title: str
) -> list[tuple[str, str, str]]:
    """(state, cell header, escaped cell with every evidence of the section marked)."""
    cells = group_source_cells(group_title)
    fields = [
        f.name
        for f in FIELDS
        if f.coded and profile.GROUP_TITLES.get(f.group, f.group) == group_title
    ]
    rows = df.set_index("state_code")
    ev = evidence[evidence["field"].isin(fields)]
    out = []
    for code in codes:
        mine = ev[ev["state_code"] == code]
        for cell in cells:
            here = mine[(mine["source_cell"] == cell) & (mine["evidence"] != "")]
            labels = [FIELDS_BY_NAME[n].label for n in here["field"]]
            out.append(
                (
                    html.escape(f"{STATE_NAMES[code]} ({code})"),
                    html.escape(CELL_HEADERS[cell]),
                    mark_text(
                        rows.loc[code, cell],
                        here["evidence"].to_list(),
                        first_only=True,
                        titles=labels,
                    ),
                )
            )
    return out
