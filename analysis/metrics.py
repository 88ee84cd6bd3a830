"""Numbers people quote: categories, counts, medians. Pure functions of the dataset."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.charts.style import (
    NO_LIMIT_COLOR,
    NO_LIMIT_SYMBOL,
    NOT_STATED_COLOR,
    NOT_STATED_SYMBOL,
    SEQUENTIAL,
)
from analysis.schema import TRANSMISSION_CODES, code_label


@dataclass(frozen=True)
class Category:
    """One legend entry of a categorical map: label, colour and (for gaps) a symbol."""

    key: str
    label: str
    color: str
    symbol: str = ""  # shown on the map as a non-colour cue


DURATION_BINS: tuple[tuple[str, str, float, float], ...] = (
    # key, label, lower (inclusive), upper (inclusive), in months
    ("lt6", "Under 6 months", 0, 5.99),
    ("m6", "6 months", 6, 6),
    ("m12", "1 year", 6.01, 12),
    ("m18_24", "18 months to 2 years", 12.01, 24),
    ("m36", "3 years", 24.01, 36),
    ("m48_60", "4 to 5 years", 36.01, 60),
)


def duration_categories() -> list[Category]:
    palette = SEQUENTIAL[: len(DURATION_BINS)]
    cats = [Category(k, label, palette[i]) for i, (k, label, _, _) in enumerate(DURATION_BINS)]
    cats.append(Category("no_fixed_limit", "No fixed limit", NO_LIMIT_COLOR, NO_LIMIT_SYMBOL))
    cats.append(Category("not_stated", "Not stated", NOT_STATED_COLOR, NOT_STATED_SYMBOL))
    return cats


def duration_category(status: str, months: float | None) -> str:
    """The legend key of a state's final-order cap."""
    if status == "no_fixed_limit":
        return "no_fixed_limit"
    if status != "fixed" or months is None or pd.isna(months):
        return "not_stated"
    for key, _, lo, hi in DURATION_BINS:
        if lo <= months <= hi:
            return key
    return "m48_60"


def with_duration_category(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["duration_category"] = [
        duration_category(s, m)
        for s, m in zip(out["final_order_duration_status"], out["final_order_max_months"],
                        strict=True)
    ]
    return out


def format_months(months: float | None, status: str = "fixed") -> str:
    """'60 months (5 years)', 'No fixed limit' or 'Not stated' — never 0."""
    if status == "no_fixed_limit":
        return "No fixed limit"
    if months is None or pd.isna(months):
        return "Not stated"
    m = float(months)
    text = f"{m:g} months"
    if m >= 12 and m % 12 == 0:
        years = int(m // 12)
        text += f" ({years} year{'s' if years != 1 else ''})"
    return text


def format_days(days: float | None) -> str:
    if days is None or pd.isna(days):
        return "Not stated"
    return f"{float(days):g} day{'s' if float(days) != 1 else ''}"


def format_usd(usd: float | None) -> str:
    if usd is None or pd.isna(usd):
        return "Not stated"
    return f"${int(usd):,}"


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    help: str


def duration_headlines(df: pd.DataFrame) -> list[Headline]:
    """Headline figures beside the map, computed from the data."""
    caps = df.loc[df["final_order_duration_status"] == "fixed", "final_order_max_months"]
    counts = caps.value_counts().sort_index()
    most = counts.idxmax() if len(counts) else None
    n_not = int((df["final_order_duration_status"] == "not_stated").sum())
    n_nolimit = int((df["final_order_duration_status"] == "no_fixed_limit").sum())
    return [
        Headline("Median cap", format_months(caps.median()) if len(caps) else "Not stated",
                 f"Median of the {len(caps)} jurisdictions that state a maximum."),
        Headline("Most common cap",
                 f"{format_months(most)} · {int(counts.max())} states" if most else "—",
                 "The cap stated by the most jurisdictions."),
        Headline("Longest cap", format_months(caps.max()) if len(caps) else "Not stated",
                 ", ".join(df.loc[df["final_order_max_months"] == caps.max(), "state_name"])),
        Headline("Not stated", f"{n_not}",
                 "Jurisdictions whose duration cell states no maximum for a final order."),
        Headline("No fixed limit", f"{n_nolimit}",
                 "Orders last until further order of court or a period the court chooses."),
    ]


def cap_counts(df: pd.DataFrame) -> pd.DataFrame:
    """How many jurisdictions at each cap, with 'No fixed limit' and 'Not stated' rows."""
    fixed = df[df["final_order_duration_status"] == "fixed"]
    rows = [
        {"cap": format_months(m), "months": m, "jurisdictions": len(g),
         "states": ", ".join(g["state_code"])}
        for m, g in fixed.groupby("final_order_max_months", sort=True)
    ]
    for status, label in (("no_fixed_limit", "No fixed limit"), ("not_stated", "Not stated")):
        g = df[df["final_order_duration_status"] == status]
        rows.append({"cap": label, "months": None, "jurisdictions": len(g),
                     "states": ", ".join(g["state_code"])})
    return pd.DataFrame(rows)


def transmission_categories() -> list[Category]:
    palette = ["#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743"]
    cats = [Category(code, code_label(code), palette[i])
            for i, code in enumerate(TRANSMISSION_CODES[:-1])]
    cats.append(Category("not_specified", code_label("not_specified"), NOT_STATED_COLOR,
                         NOT_STATED_SYMBOL))
    return cats


def transmission_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Deadline categories in order of strictness, with the states in each."""
    rows = []
    for code in TRANSMISSION_CODES:
        g = df[df["transmission_deadline"] == code]
        rows.append({"deadline": code_label(code), "code": code, "jurisdictions": len(g),
                     "states": ", ".join(g["state_code"]),
                     "registry": int(g["statewide_registry"].sum())})
    return pd.DataFrame(rows)
