"""Quantities in the source's words: numbers, units and the codebook's conversions.

The build reads durations with these (analysis.build.rules); the display layer uses the
same conversions to say a value in the source's own unit first (analysis.core.display).
"""

from __future__ import annotations

import math
import re

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}
NUM = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
UNIT = (
    r"(?:years?|yrs?\.?|months?|mos?\.?|weeks?|(?:calendar\s+|business\s+)?days?|"
    r"hours?|hrs?\.?)"
)
QTY = rf"(?P<n>{NUM})[\s-]*(?P<u>{UNIT})(?![a-z])"
QTY_RE = re.compile(QTY, re.I)
DAYS_PER_MONTH_AVG = 30.4375  # codebook: days to months = days / 30.4375


def number(token: str) -> float | None:
    token = token.lower()
    if token in WORD_NUMBERS:
        return float(WORD_NUMBERS[token])
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def unit_kind(unit: str) -> str:
    u = unit.lower()
    if u.startswith(("y",)):
        return "year"
    if u.startswith("mo"):
        return "month"
    if u.startswith("w"):
        return "week"
    if u.startswith("h"):
        return "hour"
    return "day"


def to_months(n: float, unit: str) -> float:
    """A duration in months: 1 year = 12 months; days / 30.4375 rounded to 1 decimal."""
    kind = unit_kind(unit)
    if kind == "year":
        return round(n * 12, 1)
    if kind == "month":
        return round(n, 1)
    days = {"week": n * 7, "hour": n / 24, "day": n}[kind]
    return round(days / DAYS_PER_MONTH_AVG, 1)


def to_days(n: float, unit: str) -> float:
    """A duration in days for order terms: 1 year = 365 days, 72 hours = 3 days."""
    kind = unit_kind(unit)
    factor = {"year": 365, "month": 30, "week": 7, "day": 1, "hour": 1 / 24}[kind]
    return round(n * factor, 1)


def to_jail_days(n: float, unit: str) -> int:
    """A jail term in whole days: 1 year = 365, 1 month = 30; 2.5 years = 912."""
    return int(math.floor(to_days(n, unit) + 1e-9))


def qty(match: re.Match[str]) -> tuple[float, str] | None:
    n = number(match.group("n"))
    return (n, match.group("u")) if n is not None else None


# ---------------------------------------------------------------------------------------
# A value in the words of the source


UNIT_WORDS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour"}
# A range "90-180 days": the lower number takes the unit of the upper one.
RANGE_RE = re.compile(rf"(?i)(?P<lo>{NUM})\s*-\s*{QTY}")


def to_unit(n: float, unit: str, field_unit: str, jail: bool = False) -> float:
    """A quantity in the source's unit converted to a field's unit (months or days)."""
    if field_unit == "months":
        return to_months(n, unit)
    return float(to_jail_days(n, unit)) if jail else to_days(n, unit)


def quantities(text: str) -> list[tuple[float, str]]:
    """Every duration the text states, as (number, unit kind), in order; ranges give both ends."""
    found: list[tuple[int, float, str]] = []
    for m in RANGE_RE.finditer(text or ""):
        lo = number(m.group("lo"))
        if lo is not None:
            found.append((m.start(), lo, unit_kind(m.group("u"))))
    for m in QTY_RE.finditer(text or ""):
        q = qty(m)
        if q is not None:
            found.append((m.start("n"), q[0], unit_kind(q[1])))
    return [(n, u) for _, n, u in sorted(found)]


def stated_as(value: float, field_unit: str, text: str, jail: bool = False) -> tuple[float, str]:
    """How the source states `value` (a months or days figure): (number, unit kind).

    The first quantity in the text that converts to the value by the codebook's rules;
    if none does (a value read from words such as "next business day"), the value in
    the field's own unit.
    """
    own = "month" if field_unit == "months" else "day"
    for n, unit in quantities(text):
        if abs(to_unit(n, unit, field_unit, jail) - float(value)) < 0.051:
            return n, unit
    return float(value), own


def say(n: float, unit: str) -> str:
    """'1 year', '2.5 years', '150 days', '72 hours': one wording per unit."""
    word = UNIT_WORDS[unit]
    return f"{n:g} {word}{'' if n == 1 else 's'}"


def natural_unit(value: float, field_unit: str) -> tuple[float, str]:
    """A value stated by no one in particular (a median, a chart's bar), in its largest
    whole unit: 36 months -> 3 years, 180 days -> 6 months, 912 days -> 2.5 years."""
    v = float(value)
    if field_unit == "months":
        return (v / 12, "year") if v >= 12 and v % 12 == 0 else (v, "month")
    if v >= 365 and (v % 365 == 0 or v == 912):
        return (2.5 if v == 912 else v / 365), "year"
    if v >= 30 and v % 30 == 0 and v < 365:
        return v / 30, "month"
    return v, "day"
