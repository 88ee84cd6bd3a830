"""The source's own narrative claims, checked against the coded dataset.

Each claim quotes the narrative before Table 32 word for word, and is evaluated from the
data: agree or disagree, the states involved, and a one-line explanation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.core.schema import STATE_NAMES


@dataclass(frozen=True)
class ClaimResult:
    claim_id: str
    quote: str  # exact words of the narrative
    verdict: str  # agree | disagree
    states: tuple[str, ...]
    explanation: str


def _codes(df: pd.DataFrame, mask: pd.Series) -> tuple[str, ...]:
    return tuple(df.loc[mask.fillna(False).astype(bool), "state_code"])


def _names(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(codes) if codes else "none"


def _three_year_cap(df: pd.DataFrame) -> ClaimResult:
    at36 = _codes(df, df["final_order_max_months"] == 36)
    mentions = df["duration_text"].str.contains(
        r"3 (?:years?|yrs?)|three years", case=False, regex=True
    )
    other = _codes(df, mentions & (df["final_order_max_months"] != 36))
    extra = (
        f"; {_names(other)} also {'mentions' if len(other) == 1 else 'mention'} a 3-year term "
        "but is coded otherwise (an order reached by conversion, which the codebook excludes)"
        if other
        else ""
    )
    verdict = "agree" if len(at36) == 9 else "disagree"
    return ClaimResult(
        "three_year_orders",
        "Nine states allow imposition of protective orders for up to three years",
        verdict,
        at36,
        f"{len(at36)} jurisdictions have a 36-month cap: {_names(at36)}{extra}.",
    )


def _new_mexico(df: pd.DataFrame) -> ClaimResult:
    nm = df.set_index("state_code")["final_order_max_months"].get("NM")
    shorter = _codes(df, df["final_order_max_months"] < 6)
    equal = _codes(df, (df["final_order_max_months"] == 6) & (df["state_code"] != "NM"))
    verdict = "agree" if nm == 6 else "disagree"
    caveat = ""
    if shorter or equal:
        caveat = (
            f" It is not the only short cap: shorter in {_names(shorter)}; also 6 months in "
            f"{_names(equal)}."
        )
    return ClaimResult(
        "new_mexico_6_months",
        "New Mexico limits them to just 6 months",
        verdict,
        ("NM",) + shorter + equal,
        f"New Mexico's coded cap is {nm:g} months.{caveat}"
        if nm is not None and not pd.isna(nm)
        else "New Mexico's cap is not stated.",
    )


def _ohio(df: pd.DataFrame) -> ClaimResult:
    caps = df.set_index("state_code")["final_order_max_months"]
    oh = caps.get("OH")
    top = caps.max()
    longest = tuple(caps[caps == top].index)
    verdict = "agree" if oh == 60 and longest == ("OH",) else "disagree"
    runner = caps.drop("OH").nlargest(1)
    return ClaimResult(
        "ohio_five_years",
        "Ohio has enacted a law that sets the duration of a protective order at five years, "
        "the longest of any state",
        verdict,
        longest,
        f"Ohio's cap is {oh:g} months; the longest cap is {top:g} months ({_names(longest)}); "
        f"next is {runner.index[0]} at {runner.iloc[0]:g} months.",
    )


def _one_year_and_1000(df: pd.DataFrame) -> ClaimResult:
    jail, fine = df["violation_max_jail_days"], df["violation_max_fine_usd"]
    both = jail.notna() & fine.notna()
    within = both & (jail <= 365) & (fine <= 1000)
    within_codes = _codes(df, within)
    exact = _codes(df, both & (jail == 365) & (fine == 1000))
    n = len(df)
    verdict = "agree" if len(within_codes) > n / 2 else "disagree"
    return ClaimResult(
        "one_year_1000",
        "most states impose a maximum one year sentence and a $1,000 fine",
        verdict,
        within_codes,
        f"Only {int(both.sum())} of {n} jurisdictions state both a maximum jail term and a "
        f"maximum fine; {len(within_codes)} of them are within one year and $1,000 "
        f"({len(exact)} exactly: {_names(exact)}); {int(jail.isna().sum())} state no maximum "
        "jail term.",
    )


def _mandatory_jail(df: pd.DataFrame) -> ClaimResult:
    codes = _codes(df, df["mandatory_min_jail"] == True)  # noqa: E712 (nullable bool)
    verdict = "agree" if len(codes) == 3 else "disagree"
    return ClaimResult(
        "mandatory_jail",
        "three states require mandatory jail time for violating a protective order",
        verdict,
        codes,
        f"{len(codes)} jurisdictions state a required minimum jail term for some violation "
        f"(first or repeat): {_names(codes)}.",
    )


def _within_24h(df: pd.DataFrame) -> ClaimResult:
    codes = _codes(df, df["transmission_deadline"] == "within_24h")
    stricter = _codes(df, df["transmission_deadline"].isin(["immediate", "within_6h", "same_day"]))
    verdict = "agree" if len(codes) == 10 else "disagree"
    return ClaimResult(
        "within_24_hours",
        "Ten states require transmission within 24 hours",
        verdict,
        codes,
        f"{len(codes)} jurisdictions have 24 hours as their strictest deadline: {_names(codes)};"
        f" {len(stricter)} more set a stricter one ({_names(stricter)}).",
    )


def _iowa(df: pd.DataFrame) -> ClaimResult:
    ia = df.set_index("state_code")["transmission_deadline"].get("IA")
    others = _codes(df, (df["transmission_deadline"] == "within_6h") & (df["state_code"] != "IA"))
    return ClaimResult(
        "iowa_six_hours",
        "In Iowa, for example, it is required to get certified copies of protective orders "
        "into the hands of law enforcement agencies within six hours of issuance",
        "agree" if ia == "within_6h" else "disagree",
        ("IA",) + others,
        f"Iowa's deadline is coded {ia}; other 6-hour deadlines: {_names(others)}.",
    )


CLAIMS: tuple[Callable[[pd.DataFrame], ClaimResult], ...] = (
    _three_year_cap,
    _new_mexico,
    _ohio,
    _one_year_and_1000,
    _mandatory_jail,
    _within_24h,
    _iowa,
)


def evaluate_claims(df: pd.DataFrame, narrative: str | None = None) -> list[ClaimResult]:
    """Every narrative claim checked against the dataset.

    If the narrative is given, each quote must appear in it (whitespace-normalised).
    """
    results = [claim(df) for claim in CLAIMS]
    if narrative is not None:
        flat = re.sub(r"\s+", " ", narrative)
        for r in results:
            if r.quote not in flat:
                raise ValueError(f"claim quote not in the narrative: {r.quote!r}")
    return results


def claims_frame(results: list[ClaimResult]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": [r.claim_id for r in results],
            "claim": [r.quote for r in results],
            "verdict": [r.verdict for r in results],
            "states": [", ".join(r.states) for r in results],
            "explanation": [r.explanation for r in results],
        }
    )


def state_list(codes: tuple[str, ...]) -> str:
    return ", ".join(STATE_NAMES.get(c, c) for c in codes)
