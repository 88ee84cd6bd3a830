"""The one place a coded value becomes the words a person reads.

Every page, table, chart label and hover, data file and brief says a value through
`value_text(field, row)`; numbers that belong to no one jurisdiction (a median, a chart's
bar) through `quantity(field, value)`. The rules, driven by the schema:

- a value the source does not state reads "Not stated", everywhere, never 0 or "No";
- a maximum that does not exist because the order has no fixed limit reads as its status
  ("No fixed limit"), from the field's `status_field`;
- a yes/no value the cell is silent on reads as the field's `false_text` ("Not named",
  "Not stated"), never a bare "No"; an empty source cell makes every value "Not stated";
- durations are said in the source's own unit first, then in the codebook's unit:
  "150 days (4.9 months)", "3 years (36 months)", "72 hours (3 days)"; one wording per
  unit ("1 year", "2 years", "1 day"); amounts as "$1,000".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from analysis.core import units
from analysis.core.schema import (
    CELL_FIELDS,
    FIELDS_BY_NAME,
    NOT_STATED,
    Field,
    code_label,
)

EMPTY_CELL = "(empty cell)"
CELL_SILENT = "(cell silent)"


def is_missing(value: object) -> bool:
    """None, NaN and pandas' NA: the source does not state the value."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def _own_unit(f: Field) -> str:
    return "month" if f.unit == "months" else "day"


def _is_jail(f: Field) -> bool:
    # Jail terms are whole days (1 year = 365, 2.5 years = 912); order terms may be fractional.
    return f.dtype == "int" and f.unit == "days"


def _number_words(f: Field, value: float, n: float, unit: str) -> str:
    own = _own_unit(f)
    main = units.say(n, unit)
    return main if unit == own else f"{main} ({units.say(float(value), own)})"


def quantity(field: str, value: object) -> str:
    """A number no one jurisdiction stated (a median, a chart bar, a scale end), in words.

    In its largest whole unit first: 36 months -> "3 years (36 months)", 180 days ->
    "6 months (180 days)", $1000 -> "$1,000". A missing value reads "Not stated".
    """
    f = FIELDS_BY_NAME[field]
    if is_missing(value):
        return NOT_STATED
    if f.unit == "USD":
        return f"${int(float(value)):,}"  # type: ignore[arg-type]
    n, unit = units.natural_unit(float(value), f.unit)  # type: ignore[arg-type]
    return _number_words(f, float(value), n, unit)  # type: ignore[arg-type]


def stated_quantity(field: str, value: object, cell: str) -> str:
    """A number as the jurisdiction's cell states it: "150 days (4.9 months)"."""
    f = FIELDS_BY_NAME[field]
    if is_missing(value):
        return NOT_STATED
    if f.unit == "USD":
        return f"${int(float(value)):,}"  # type: ignore[arg-type]
    n, unit = units.stated_as(float(value), f.unit, cell, jail=_is_jail(f))  # type: ignore[arg-type]
    return _number_words(f, float(value), n, unit)  # type: ignore[arg-type]


def bool_code(field: str, value: object, cell_empty: bool = False) -> str:
    """A yes/no value as a choice code: yes, no (the cell's silence) or not_stated (null,
    or false on an empty cell where the field's silent reading is not already "Not
    stated"). Filters and chart groups use these codes; choice_text says them."""
    f = FIELDS_BY_NAME[field]
    if is_missing(value):
        return "not_stated"
    if bool(value):
        return "yes"
    return "not_stated" if cell_empty and f.false_text != NOT_STATED else "no"


def bool_codes(field: str) -> tuple[str, ...]:
    """The choice codes a yes/no field can take: not_stated only where it reads differently
    from the field's silent reading."""
    f = FIELDS_BY_NAME[field]
    return (
        ("yes", "no")
        if f.false_text == NOT_STATED and not f.nullable
        else ("yes", "no", "not_stated")
    )


def bool_text(field: str, value: object, cell_empty: bool = False) -> str:
    """Yes, the field's false_text ("Not named" / "Not stated" / "No"), or "Not stated"."""
    return choice_text(field, bool_code(field, value, cell_empty))


def choice_text(field: str, code: str) -> str:
    """A filter option or chart group of a field: a code's label, or yes/no/not_stated."""
    f = FIELDS_BY_NAME[field]
    if f.dtype == "bool":
        return {"yes": "Yes", "no": f.false_text, "not_stated": NOT_STATED}[code]
    return code_label(code)


def cell_text(text: object) -> str:
    """A source cell verbatim, or "(empty cell)"."""
    return str(text) if isinstance(text, str) and text else EMPTY_CELL


def evidence_text(evidence: object) -> str:
    """The exact words a value rests on, or "(cell silent)" when there are none."""
    return str(evidence) if isinstance(evidence, str) and evidence else CELL_SILENT


def value_text(field: str, row: Mapping[str, object]) -> str:
    """The words a person reads for one jurisdiction's value of one field.

    `row` is the jurisdiction's row of the dataset (a dict or a pandas Series): the
    status, the source cell and the value come from it, so every view that has the row
    says the same words.
    """
    f = FIELDS_BY_NAME[field]
    value = row[field]
    if field in CELL_FIELDS:
        return cell_text(value)
    if not f.coded:
        return "" if is_missing(value) else str(value)
    if f.status_field:
        status = row[f.status_field]
        if status != "fixed":
            return code_label(status)
    cell = row[f.source_cell] if f.source_cell else ""
    cell = cell if isinstance(cell, str) else ""
    if f.dtype == "bool":
        return bool_text(field, value, cell_empty=not cell)
    if is_missing(value):
        return NOT_STATED
    if f.codes:
        return code_label(value)
    if f.unit in ("months", "days", "USD"):
        return stated_quantity(field, value, cell)
    return str(value)


def group_label(field: str, value: object, texts: Iterable[str]) -> str:
    """A chart bar or count row for one value: the jurisdictions' own words when they all
    say it the same way, else the value in its largest whole unit."""
    said = set(texts)
    if len(said) == 1:
        return said.pop()
    return quantity(field, value)


def row_texts(row: Mapping[str, object], fields: Iterable[str]) -> dict[str, str]:
    """value_text for several fields of one row."""
    return {name: value_text(name, row) for name in fields}
