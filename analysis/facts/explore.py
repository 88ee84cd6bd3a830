"""Explore & filter and Compare: filters, their URL scheme, tables and highlights. No Streamlit.

Every coded field of the codebook is filterable, and its URL parameter is named as the
field: numeric fields take a range (``final_order_max_months=24-60``), categorical fields
a list of codes (``fees_waived=yes,conditional``), booleans a list of ``yes`` / ``no`` /
``not_stated`` (``statewide_registry=yes``). ``q`` searches the 8 source cells
(case-insensitive substring), ``q_cells`` narrows the search to some cells, and
``not_stated=include`` keeps the states whose number a range filter cannot judge
(excluded by default). All filters combine with AND.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import display, urlstate
from analysis.core.markup import TABLE_CELL, TABLE_HEAD, mark_text
from analysis.core.schema import (
    CELL_FIELDS,
    CELL_HEADERS,
    FIELDS,
    FIELDS_BY_NAME,
    STATE_NAMES,
    Field,
)
from analysis.facts import profile

# ---------------------------------------------------------------------------------------
# The filterable fields and their URL parameters

NUMERIC_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.coded and f.dtype in ("int", "float")
)
CATEGORY_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.coded and f.codes)
BOOL_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.coded and f.dtype == "bool")
FILTER_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.name in {*NUMERIC_FIELDS, *CATEGORY_FIELDS, *BOOL_FIELDS}
)

TEXT_PARAM = "q"
TEXT_CELLS_PARAM = "q_cells"
NOT_STATED_PARAM = "not_stated"
NO_LIMIT_PARAM = "no_fixed_limit"
STATE_PARAM = "state"
NOT_STATED_MODES = ("exclude", "include")
NOT_STATED_LABELS = {
    "exclude": "Leave them out (default)",
    "include": "Keep them in the results",
}
# The one numeric field whose value can be absent because there is no limit at all.
NO_LIMIT_FIELD = "final_order_max_months"
NO_LIMIT_LABELS = {
    "exclude": "Leave them out (default)",
    "include": "Count them as longer than any cap",
}

# Section headings for the filter panel, in the order the page shows them.
FILTER_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Order duration", ("Duration",)),
    ("Violation penalty", ("Penalty",)),
    ("Who may apply", ("Who may apply",)),
    ("What an order can do", ("Remedies",)),
    (
        "Fees, transmission, civil liability, statute",
        ("Fees", "Transmission", "Civil liability", "Identity"),
    ),
)


def filter_groups() -> list[tuple[str, list[str]]]:
    """(panel title, filterable fields) in the order the page shows them."""
    return [
        (title, [n for g in groups for n in FILTER_FIELDS if FIELDS_BY_NAME[n].group == g])
        for title, groups in FILTER_GROUPS
    ]


def bool_codes(name: str) -> tuple[str, ...]:
    """The options of a boolean filter (display.bool_codes): yes, no, not_stated."""
    return display.bool_codes(name)


def option_codes(name: str) -> tuple[str, ...]:
    """The options of a categorical or boolean filter, in codebook order."""
    f = FIELDS_BY_NAME[name]
    return f.codes if f.codes else bool_codes(name)


def option_label(name: str, code: str) -> str:
    """How a filter option of a field reads (display.choice_text): "Not named", "Felony"."""
    return display.choice_text(name, code)


def _param(name: str) -> urlstate.Param:
    f = FIELDS_BY_NAME[name]
    if name in NUMERIC_FIELDS:
        lo = f.minimum if f.minimum is not None else 0.0
        hi = f.maximum if f.maximum is not None else 1e9
        return urlstate.Param(name, "range", bounds=(float(lo), float(hi)))
    return urlstate.Param(name, "choices", choices=option_codes(name))


PARAMS: list[urlstate.Param] = [
    *(_param(n) for n in FILTER_FIELDS),
    urlstate.Param(TEXT_PARAM, "text", default=""),
    urlstate.Param(TEXT_CELLS_PARAM, "choices", choices=CELL_FIELDS),
    urlstate.Param(NOT_STATED_PARAM, "choice", choices=NOT_STATED_MODES, default="exclude"),
    urlstate.Param(NO_LIMIT_PARAM, "choice", choices=NOT_STATED_MODES, default="exclude"),
    urlstate.Param(STATE_PARAM, "state"),
]


@dataclass(frozen=True)
class Filters:
    """The filters in force. Empty means every jurisdiction matches."""

    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    text: str = ""
    text_cells: tuple[str, ...] = ()  # empty: all 8 cells
    include_not_stated: bool = False
    # Under a range on the final-order maximum: orders with no fixed limit pass when the
    # range reaches the largest stated cap (they last longer than any cap).
    include_no_limit: bool = False

    @property
    def active(self) -> bool:
        return bool(self.ranges or self.choices or self.text.strip())

    @property
    def fields(self) -> tuple[str, ...]:
        """The coded fields filtered on, in codebook order."""
        used = {*self.ranges, *self.choices}
        return tuple(n for n in FILTER_FIELDS if n in used)


def filters_from_values(values: Mapping[str, object]) -> Filters:
    """Filters from parsed URL values (urlstate.parse) or widget values of the same shape."""
    ranges: dict[str, tuple[float, float]] = {}
    choices: dict[str, tuple[str, ...]] = {}
    for name in FILTER_FIELDS:
        v = values.get(name)
        if v is None:
            continue
        if name in NUMERIC_FIELDS:
            lo, hi = v  # type: ignore[misc]
            ranges[name] = (float(lo), float(hi))
        else:
            codes = tuple(c for c in option_codes(name) if c in set(v))  # type: ignore[arg-type]
            if codes and set(codes) != set(option_codes(name)):
                choices[name] = codes
    text = str(values.get(TEXT_PARAM) or "").strip()
    cells = tuple(c for c in CELL_FIELDS if c in set(values.get(TEXT_CELLS_PARAM) or ()))
    if set(cells) == set(CELL_FIELDS):
        cells = ()
    return Filters(
        ranges,
        choices,
        text,
        cells,
        values.get(NOT_STATED_PARAM) == "include",
        values.get(NO_LIMIT_PARAM) == "include",
    )


def filters_to_values(filters: Filters) -> dict[str, object]:
    """The URL values (for urlstate.encode) of a set of filters."""
    out: dict[str, object] = {}
    for name, rng in filters.ranges.items():
        out[name] = rng
    for name, codes in filters.choices.items():
        out[name] = list(codes)
    if filters.text:
        out[TEXT_PARAM] = filters.text
    if filters.text_cells:
        out[TEXT_CELLS_PARAM] = list(filters.text_cells)
    out[NOT_STATED_PARAM] = "include" if filters.include_not_stated else "exclude"
    out[NO_LIMIT_PARAM] = "include" if filters.include_no_limit else "exclude"
    return out


def encode(filters: Filters, state: str | None = None) -> dict[str, str]:
    """Query parameters for a set of filters (and the state whose evidence is open)."""
    values = filters_to_values(filters)
    values[STATE_PARAM] = state
    return urlstate.encode(values, PARAMS)


def parse(query: Mapping[str, str | Sequence[str]]) -> tuple[Filters, str | None, list[str]]:
    """Filters, the open state and notices from query parameters. Never raises."""
    parsed = urlstate.parse(query, PARAMS)
    state = parsed.values.get(STATE_PARAM)
    return (
        filters_from_values(parsed.values),
        state if isinstance(state, str) else None,
        parsed.notices,
    )


# ---------------------------------------------------------------------------------------
# Numeric ranges: the slider span of each field


@dataclass(frozen=True)
class RangeSpec:
    name: str
    label: str
    lo: float
    hi: float
    step: float
    unit: str
    integer: bool


def range_spec(df: pd.DataFrame, name: str) -> RangeSpec:
    """The slider of a numeric filter: from the codebook minimum to the largest value stated."""
    f = FIELDS_BY_NAME[name]
    step = 50.0 if f.unit == "USD" else 1.0
    lo = float(f.minimum if f.minimum is not None else 0.0)
    stated = df[name].dropna()
    hi = float(stated.max()) if len(stated) else lo + step
    hi = max(math.ceil(hi / step) * step, lo + step)
    return RangeSpec(name, f.label, lo, hi, step, f.unit, f.dtype == "int")


def clamp_range(spec: RangeSpec, rng: tuple[float, float]) -> tuple[float, float]:
    """A range from a link, moved inside the slider's span."""
    lo = min(max(rng[0], spec.lo), spec.hi)
    hi = min(max(rng[1], spec.lo), spec.hi)
    return (lo, hi)


def range_or_none(spec: RangeSpec, rng: tuple[float, float]) -> tuple[float, float] | None:
    """A slider's value as a filter: None (no filter) when it spans everything."""
    lo, hi = float(rng[0]), float(rng[1])
    return None if (lo <= spec.lo and hi >= spec.hi) else (lo, hi)


# ---------------------------------------------------------------------------------------
# Matching


def bool_column_codes(df: pd.DataFrame, name: str) -> pd.Series:
    """Each row's choice code of a yes/no field, as display.bool_code reads it."""
    cell = FIELDS_BY_NAME[name].source_cell
    return pd.Series(
        [
            display.bool_code(name, v, cell_empty=not c)
            for v, c in zip(df[name], df[cell], strict=True)
        ],
        index=df.index,
    )


def field_mask(
    df: pd.DataFrame,
    name: str,
    value: object,
    include_not_stated: bool = False,
    include_no_limit: bool = False,
    range_top: float | None = None,
) -> pd.Series:
    """Which rows pass one field's filter (a range, or a tuple of codes).

    A range is inclusive at both ends. A number the source does not state passes only with
    include_not_stated. For the final-order maximum, an order with no fixed limit is not a
    number at all: it passes only with include_no_limit, and only when the range reaches
    `range_top` (the largest stated cap), since it lasts longer than any cap.
    """
    if name in NUMERIC_FIELDS:
        lo, hi = value  # type: ignore[misc]
        col = df[name].astype("float64")
        inside = col.between(float(lo), float(hi), inclusive="both").fillna(False)
        if name == NO_LIMIT_FIELD:
            no_limit = df["final_order_duration_status"] == "no_fixed_limit"
            missing = col.isna() & ~no_limit
            reaches_top = range_top is None or float(hi) >= range_top
            if include_no_limit and reaches_top:
                inside |= no_limit
        else:
            missing = col.isna()
        return (inside | missing) if include_not_stated else inside
    codes = set(value)  # type: ignore[arg-type]
    if name in BOOL_FIELDS:
        return bool_column_codes(df, name).isin(codes)
    return df[name].isin(codes)


def text_hits(df: pd.DataFrame, text: str, cells: Sequence[str] = ()) -> pd.Series:
    """For each row, the source cells containing the text (case-insensitive), in cell order."""
    needle = text.strip()
    cells = tuple(cells) or CELL_FIELDS
    if not needle:
        return pd.Series([()] * len(df), index=df.index, dtype=object)
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    texts = {c: df[c].fillna("").to_list() for c in cells}
    return pd.Series(
        [tuple(c for c in cells if pattern.search(texts[c][i])) for i in range(len(df))],
        index=df.index,
        dtype=object,
    )


def match_mask(df: pd.DataFrame, filters: Filters) -> pd.Series:
    """True for each jurisdiction that passes every filter (AND)."""
    mask = pd.Series(True, index=df.index)
    for name, rng in filters.ranges.items():
        mask &= range_mask(df, name, rng, filters)
    for name, codes in filters.choices.items():
        mask &= field_mask(df, name, codes)
    if filters.text.strip():
        mask &= text_hits(df, filters.text, filters.text_cells).map(bool)
    return mask.astype(bool)


def range_mask(df: pd.DataFrame, name: str, rng: tuple[float, float], filters: Filters):
    """field_mask for a range filter, with the filters' not-stated and no-limit choices."""
    top = df[name].max() if name == NO_LIMIT_FIELD else None
    return field_mask(df, name, rng, filters.include_not_stated, filters.include_no_limit, top)


# ---------------------------------------------------------------------------------------
# Words for the filters


def describe_one(name: str, value: object) -> str:
    """One filter in words, e.g. 'Fees waived: Yes or Conditional'."""
    f = FIELDS_BY_NAME[name]
    if name in NUMERIC_FIELDS:
        lo, hi = value  # type: ignore[misc]
        return (
            f"{f.label}: from {display.quantity(name, lo)} to {display.quantity(name, hi)} "
            "(both included)"
        )
    return f"{f.label}: " + " or ".join(option_label(name, c) for c in value)  # type: ignore[union-attr]


def describe_text(filters: Filters) -> str:
    where = (
        ", ".join(CELL_HEADERS[c] for c in filters.text_cells)
        if filters.text_cells
        else "any source cell"
    )
    return f'Source text contains "{filters.text}" (in {where})'


def describe(filters: Filters) -> list[str]:
    """Each active filter in words, in codebook order (plain text, not escaped)."""
    parts = [
        describe_one(n, filters.ranges.get(n) or filters.choices.get(n)) for n in filters.fields
    ]
    if filters.text:
        parts.append(describe_text(filters))
    if filters.ranges:
        parts.append(
            "Numbers not stated: " + ("kept" if filters.include_not_stated else "left out")
        )
    if NO_LIMIT_FIELD in filters.ranges:
        parts.append(
            "Orders with no fixed limit: "
            + ("counted as longer than any cap" if filters.include_no_limit else "left out")
        )
    return parts


def map_subtitle(filters: Filters, max_chars: int = 95) -> str:
    """A one-line subtitle for the match map (escaped for plotly's text markup)."""
    parts = describe(filters)
    if not parts:
        return "No filters: every jurisdiction matches"
    shown: list[str] = []
    for i, p in enumerate(parts):
        rest = len(parts) - i - 1
        more = f"; and {rest} more" if rest else ""
        if shown and len("; ".join([*shown, p])) + len(more) > max_chars:
            shown.append(f"and {len(parts) - i} more")
            break
        if len(p) > max_chars:
            p = p[: max_chars - 1] + "…"
        shown.append(p)
    # Plotly reads &lt; &gt; &amp; but not &quot;, so quotes stay as they are.
    return html.escape("; ".join(shown), quote=False)


def each_alone(df: pd.DataFrame, filters: Filters) -> list[tuple[str, int]]:
    """How many jurisdictions each active filter matches on its own (to explain zero)."""
    out = []
    for name in filters.fields:
        if name in filters.ranges:
            m = range_mask(df, name, filters.ranges[name], filters)
            out.append((describe_one(name, filters.ranges[name]), int(m.sum())))
        else:
            m = field_mask(df, name, filters.choices[name])
            out.append((describe_one(name, filters.choices[name]), int(m.sum())))
    if filters.text.strip():
        hits = text_hits(df, filters.text, filters.text_cells).map(bool)
        out.append((describe_text(filters), int(hits.sum())))
    return out


def summary_alt(df: pd.DataFrame, mask: pd.Series, filters: Filters) -> str:
    """The text alternative of the match map: count, filters and the states matched."""
    n = int(mask.sum())
    names = ", ".join(df.loc[mask, "state_name"]) if n else "none"
    conds = "; ".join(describe(filters)) or "no filters"
    return f"{n} of {len(df)} jurisdictions match ({conds}). Matching: {names}."


# ---------------------------------------------------------------------------------------
# The table


def table_columns() -> list[str]:
    """Column order: the state, every coded field, then the source cells and identifiers."""
    coded = [n for _, names in filter_groups() for n in names]
    ids = ["state_code", "state_fips", "source_row"]
    cols = ["state_name", *coded, *CELL_FIELDS, *ids]
    return cols


SEARCH_HITS_LABEL = "Search found in"

# The results table to read (HTML, always shown): the state, what the filters are about
# (or, with no filter, these key fields), at most MAX_RESULT_FIELDS of them. Every field is
# in the full grid below it, drawn when the visitor opens it.
KEY_FIELDS = (
    "final_order_max_months",
    "final_order_duration_status",
    "violation_offense_level",
    "violation_max_jail_days",
    "violation_max_fine_usd",
    "fees_waived",
    "transmission_deadline",
)
MAX_RESULT_FIELDS = 8


def result_columns(filters: Filters) -> list[str]:
    """The columns of the results table for these filters, in table_columns() order: the
    state, the cells the search found (with a search), then the fields filtered on, or
    KEY_FIELDS when no field is."""
    fields = list(filters.fields[:MAX_RESULT_FIELDS]) or list(KEY_FIELDS)
    hits = ["search_hits"] if filters.text.strip() else []
    return ["state_name", *hits, *[n for n in table_columns() if n in fields]]


def display_table(df: pd.DataFrame) -> pd.DataFrame:
    """The rows as a person reads them: every value in display.value_text's words.

    The same words as the profile, Compare, the topic pages and the brief. Same index as df.
    """
    records = df.to_dict("records")
    return pd.DataFrame(
        {name: [display.value_text(name, row) for row in records] for name in table_columns()},
        index=df.index,
    )


def table_rows(
    display: pd.DataFrame, mask: pd.Series, hits: pd.Series | None = None
) -> pd.DataFrame:
    """The matching rows of display_table(), with the cells the search found first."""
    out = display.loc[mask.to_numpy()]
    if hits is not None:
        found = ["; ".join(CELL_HEADERS[c] for c in h) if h else "" for h in hits[mask]]
        out = out.assign(search_hits=found)[["search_hits", *display.columns]]
    return out.reset_index(drop=True)


def column_spec(columns: Sequence[str]) -> dict[str, dict]:
    """Column help for the table, from the codebook: {column: {kind, label, help, width}}.

    kind is "number" (a plain number, right-aligned: the source row) or "text"; the page
    turns each into st.column_config.TextColumn.
    """
    spec: dict[str, dict] = {}
    for name in columns:
        if name == "search_hits":
            spec[name] = {
                "kind": "text",
                "label": SEARCH_HITS_LABEL,
                "width": "medium",
                "help": "The source cells that contain the search text.",
            }
            continue
        f: Field = FIELDS_BY_NAME[name]
        label = f.label
        kind = "number" if name == "source_row" else "text"
        width = "large" if name in CELL_FIELDS else "medium" if name == "state_name" else None
        spec[name] = {"kind": kind, "label": label, "help": f.help, "width": width}
    return spec


# ---------------------------------------------------------------------------------------
# Evidence for one state


def evidence_items(
    df: pd.DataFrame, evidence: pd.DataFrame, code: str, fields: Sequence[str] = ()
) -> list[tuple[str, list[profile.ProfileItem]]]:
    """A state's coded fields with their evidence, grouped; `fields` (if given) first."""
    groups = profile.sections(df, evidence, code)
    if not fields:
        return groups
    by_name = {item.field: item for _, items in groups for item in items}
    first = [by_name[n] for n in fields if n in by_name]
    return [("Fields you filtered on", first), *groups]


def evidence_table_html(items: Sequence[profile.ProfileItem]) -> str:
    """Field, value, the source cell with the evidence marked, and how it was coded."""
    rows = []
    for it in items:
        how = "Rule" if it.method == "rule" else "Reviewed by hand"
        if it.method == "reviewed" and it.reason:
            how += ": " + html.escape(it.reason)
        rows.append(
            "<tr>"
            f"<td {TABLE_CELL}><b>{html.escape(it.label)}</b></td>"
            f"<td {TABLE_CELL}>{html.escape(it.value_text)}</td>"
            f"<td {TABLE_CELL}><small>{html.escape(CELL_HEADERS.get(it.source_cell, ''))}:</small> "
            f"{it.evidence_html}</td>"
            f"<td {TABLE_CELL}><small>{how}</small></td>"
            "</tr>"
        )
    head = "".join(
        f"<th {TABLE_HEAD}>{h}</th>"
        for h in ("Field", "Value", "Source cell (evidence marked)", "How coded")
    )
    return (
        "<table class='evidence-table' style='width:100%;border-collapse:collapse;"
        "font-size:0.9rem'><colgroup><col style='width:18%'><col style='width:14%'>"
        "<col style='width:48%'><col style='width:20%'></colgroup>"
        f"<thead><tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def search_cells_html(df: pd.DataFrame, filters: Filters, code: str) -> list[tuple[str, str]]:
    """(cell header, escaped cell text with the search text marked) where one state matches."""
    if not filters.text:
        return []
    row = df[df["state_code"] == code]
    found = text_hits(row, filters.text, filters.text_cells).iloc[0]
    return [
        (
            html.escape(CELL_HEADERS[c]),
            mark_text(row[c].iloc[0], [filters.text], case_sensitive=False),
        )
        for c in found
    ]


def filters_html(filters: Filters) -> str:
    """The active filters as an escaped list (search text comes from the visitor)."""
    parts = describe(filters)
    if not parts:
        return ""
    items = "".join(f"<li>{html.escape(p)}</li>" for p in parts)
    return f"<div class='explore-filters'>Filters in force:<ul>{items}</ul></div>"


def each_alone_table(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """each_alone() as a table for the page."""
    rows = each_alone(df, filters)
    return pd.DataFrame(
        {
            "Filter": [r[0] for r in rows],
            "Jurisdictions it matches on its own": [r[1] for r in rows],
        }
    )


# ---------------------------------------------------------------------------------------
# The evidence picker and the current view's files


def evidence_options(matching: Sequence[str]) -> list[str]:
    """Every jurisdiction for the evidence picker: those matching the filters first (in
    source order), then the others."""
    first = [c for c in STATE_NAMES if c in set(matching)]
    return first + [c for c in STATE_NAMES if c not in set(matching)]


def evidence_option_label(matching: set[str], code: str) -> str:
    """'Mississippi (MS)', or 'Ohio (OH) - does not match' for one outside the filters."""
    label = f"{STATE_NAMES[code]} ({code})"
    return label if code in matching or not matching else f"{label} - does not match"


_SLUG = re.compile(r"[^a-z0-9]+")


def view_file_name(filters: Filters, limit: int = 120) -> str:
    """A file name that names the filters: 'explore_fees-waived-yes-conditional_q-registry'.

    Long combinations are cut and end with a short digest of the full list, so two
    different views never share a name.
    """

    def slug(text: str) -> str:
        return _SLUG.sub("-", text.lower()).strip("-")

    parts = ["explore"]
    values = filters_to_values(filters)
    for name in (*FILTER_FIELDS, TEXT_PARAM, TEXT_CELLS_PARAM, NOT_STATED_PARAM, NO_LIMIT_PARAM):
        if name not in values or values[name] == "exclude":
            continue
        v = values[name]
        text = (
            f"{v[0]:g}-{v[1]:g}"
            if name in NUMERIC_FIELDS
            else ("-".join(v) if isinstance(v, list) else str(v))
        )
        parts.append(f"{slug(name)}-{slug(text)}")
    if len(parts) == 1:
        parts.append("all")
    name = "_".join(parts)
    if len(name) > limit:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = name[: limit - 9].rstrip("-_") + "_" + digest
    return name
