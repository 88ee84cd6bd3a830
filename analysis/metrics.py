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
        for s, m in zip(
            out["final_order_duration_status"], out["final_order_max_months"], strict=True
        )
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


def format_months_short(months: float | None) -> str:
    """'1 year', '5 years', '6 months', '4.9 months' (for headline figures)."""
    if months is None or pd.isna(months):
        return "Not stated"
    m = float(months)
    if m >= 12 and m % 12 == 0:
        years = int(m // 12)
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{m:g} months"


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
        Headline(
            "Median cap",
            format_months_short(caps.median()) if len(caps) else "Not stated",
            f"Median of the {len(caps)} jurisdictions that state a maximum.",
        ),
        Headline(
            "Most common cap",
            format_months_short(most) if most else "Not stated",
            f"The cap stated by the most jurisdictions ({int(counts.max())} of them)."
            if most
            else "No jurisdiction states a cap.",
        ),
        Headline(
            "Longest cap",
            format_months_short(caps.max()) if len(caps) else "Not stated",
            ", ".join(df.loc[df["final_order_max_months"] == caps.max(), "state_name"]),
        ),
        Headline(
            "Not stated",
            f"{n_not}",
            "Jurisdictions whose duration cell states no maximum for a final order.",
        ),
        Headline(
            "No fixed limit",
            f"{n_nolimit}",
            "Orders last until further order of court or a period the court chooses.",
        ),
    ]


def cap_counts(df: pd.DataFrame) -> pd.DataFrame:
    """How many jurisdictions at each cap, with 'No fixed limit' and 'Not stated' rows."""
    fixed = df[df["final_order_duration_status"] == "fixed"]
    rows = [
        {
            "cap": format_months(m),
            "months": m,
            "jurisdictions": len(g),
            "states": ", ".join(g["state_code"]),
        }
        for m, g in fixed.groupby("final_order_max_months", sort=True)
    ]
    for status, label in (("no_fixed_limit", "No fixed limit"), ("not_stated", "Not stated")):
        g = df[df["final_order_duration_status"] == status]
        rows.append(
            {
                "cap": label,
                "months": None,
                "jurisdictions": len(g),
                "states": ", ".join(g["state_code"]),
            }
        )
    return pd.DataFrame(rows)


def transmission_categories() -> list[Category]:
    palette = ["#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743"]
    cats = [
        Category(code, code_label(code), palette[i])
        for i, code in enumerate(TRANSMISSION_CODES[:-1])
    ]
    cats.append(
        Category("not_specified", code_label("not_specified"), NOT_STATED_COLOR, NOT_STATED_SYMBOL)
    )
    return cats


def transmission_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Deadline categories in order of strictness, with the states in each."""
    rows = []
    for code in TRANSMISSION_CODES:
        g = df[df["transmission_deadline"] == code]
        rows.append(
            {
                "deadline": code_label(code),
                "code": code,
                "jurisdictions": len(g),
                "states": ", ".join(g["state_code"]),
                "registry": int(g["statewide_registry"].sum()),
            }
        )
    return pd.DataFrame(rows)


# --- Topic pages (duration, penalties, transmission) ---------------------------------


@dataclass(frozen=True)
class Group:
    """One bar of a chart: a value (or "Not stated") and the jurisdictions that have it."""

    key: str
    label: str
    codes: tuple[str, ...]  # state codes, in source order
    not_stated: bool = False

    @property
    def count(self) -> int:
        return len(self.codes)


def _is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def format_jail_days(days: float | None) -> str:
    """'180 days (6 months)', '365 days (1 year)', '912 days (2.5 years)' or 'Not stated'.

    Uses the codebook's units for jail terms: 1 month = 30 days, 1 year = 365 days.
    """
    if _is_missing(days):
        return "Not stated"
    d = int(days)  # type: ignore[arg-type]
    text = f"{d} day{'s' if d != 1 else ''}"
    half_years = round(d / 365 * 2) / 2
    if d >= 365 and abs(d / 365 - half_years) * 365 < 1:
        text += f" ({half_years:g} year{'s' if half_years != 1 else ''})"
    elif d % 30 == 0 and 30 <= d < 365:
        months = d // 30
        text += f" ({months} month{'s' if months != 1 else ''})"
    return text


def value_groups(df: pd.DataFrame, field: str, fmt) -> list[Group]:
    """One group per distinct stated value (ascending), then a 'Not stated' group."""
    by_value: dict[float, list[str]] = {}
    missing: list[str] = []
    for code, v in zip(df["state_code"], df[field], strict=True):
        if _is_missing(v):
            missing.append(code)
        else:
            by_value.setdefault(float(v), []).append(code)
    groups = [Group(f"{v:g}", fmt(v), tuple(codes)) for v, codes in sorted(by_value.items())]
    groups.append(Group("not_stated", "Not stated", tuple(missing), True))
    return groups


def code_groups(
    df: pd.DataFrame,
    field: str,
    codes: tuple[str, ...],
    not_stated_codes: tuple[str, ...] = ("not_stated", "not_specified"),
) -> list[Group]:
    """One group per code, in the codebook's order (empty groups kept: a zero is news)."""
    pairs = list(zip(df["state_code"], df[field], strict=True))
    return [
        Group(
            code,
            code_label(code),
            tuple(s for s, v in pairs if v == code),
            code in not_stated_codes,
        )
        for code in codes
    ]


def flag_groups(df: pd.DataFrame, field: str) -> list[Group]:
    """Yes / No, and 'Not stated' for a nullable yes/no field (kept even when empty)."""
    from analysis.schema import FIELDS_BY_NAME

    out: dict[str, list[str]] = {"yes": [], "no": [], "not_stated": []}
    for code, v in zip(df["state_code"], df[field], strict=True):
        out["not_stated" if _is_missing(v) else "yes" if bool(v) else "no"].append(code)
    groups = [Group("yes", "Yes", tuple(out["yes"])), Group("no", "No", tuple(out["no"]))]
    if FIELDS_BY_NAME[field].nullable:
        groups.append(Group("not_stated", "Not stated", tuple(out["not_stated"]), True))
    return groups


def cap_groups(df: pd.DataFrame) -> list[Group]:
    """cap_counts() as groups: each cap, then 'No fixed limit' and 'Not stated'."""
    cols = ["state_code", "final_order_duration_status", "final_order_max_months"]
    out = []
    for r in cap_counts(df[cols]).itertuples():
        codes = tuple(c for c in str(r.states).split(", ") if c)
        if r.cap == "Not stated":
            key = "not_stated"
        elif r.cap == "No fixed limit":
            key = "no_fixed_limit"
        else:
            key = f"{float(r.months):g}"
        out.append(Group(key, str(r.cap), codes, key == "not_stated"))
    return out


def groups_table(groups: list[Group]) -> pd.DataFrame:
    """A chart's numbers as a table: value, how many jurisdictions, which ones."""
    return pd.DataFrame(
        {
            "value": [g.label for g in groups],
            "jurisdictions": [g.count for g in groups],
            "states": [", ".join(g.codes) if g.codes else "(none)" for g in groups],
        }
    )


def groups_alt(title: str, groups: list[Group]) -> str:
    """A text alternative for a chart of groups: every value with its count and states."""
    parts = [
        f"{g.label}: {g.count}" + (f" ({', '.join(g.codes)})" if g.codes else "") for g in groups
    ]
    return f"{title}. " + "; ".join(parts) + "."


DURATION_FLAG_FIELDS = ("final_order_extendable", "indefinite_order_possible")
PENALTY_FLAG_FIELDS = ("mandatory_min_jail", "repeat_violation_felony")


def _fmt(field: str, value: object) -> str:
    from analysis.profile import format_value

    return format_value(field, value)


def duration_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction: every duration value as read, and the duration cell."""
    return pd.DataFrame(
        {
            "state": df["state_name"].to_numpy(),
            "cap": [
                format_months(m, s)
                for m, s in zip(
                    df["final_order_max_months"], df["final_order_duration_status"], strict=True
                )
            ],
            "status": df["final_order_duration_status"].map(code_label).to_numpy(),
            "minimum": [_fmt("final_order_min_months", v) for v in df["final_order_min_months"]],
            "aggravated": [
                _fmt("final_order_max_months_aggravated", v)
                for v in df["final_order_max_months_aggravated"]
            ],
            "emergency": [
                _fmt("emergency_order_max_days", v) for v in df["emergency_order_max_days"]
            ],
            "extendable": [_fmt("final_order_extendable", v) for v in df["final_order_extendable"]],
            "indefinite": [
                _fmt("indefinite_order_possible", v) for v in df["indefinite_order_possible"]
            ],
            "duration_text": [t if t else "(empty cell)" for t in df["duration_text"]],
        }
    )


def penalty_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction: every penalty value as read, and the penalty cell."""
    return pd.DataFrame(
        {
            "state": df["state_name"].to_numpy(),
            "jail": [format_jail_days(v) for v in df["violation_max_jail_days"]],
            "fine": [format_usd(v) for v in df["violation_max_fine_usd"]],
            "level": df["violation_offense_level"].map(code_label).to_numpy(),
            "mandatory_min": [_fmt("mandatory_min_jail", v) for v in df["mandatory_min_jail"]],
            "repeat_felony": [
                _fmt("repeat_violation_felony", v) for v in df["repeat_violation_felony"]
            ],
            "penalty_text": [t if t else "(empty cell)" for t in df["penalty_text"]],
        }
    )


def transmission_table(df: pd.DataFrame, deadlines: list[str] | None = None) -> pd.DataFrame:
    """One row per jurisdiction (optionally only some deadlines), strictest first."""
    order = {c: i for i, c in enumerate(TRANSMISSION_CODES)}
    d = df if not deadlines else df[df["transmission_deadline"].isin(deadlines)]
    d = d.assign(_o=d["transmission_deadline"].map(order)).sort_values(
        ["_o", "source_row"], kind="stable"
    )
    return pd.DataFrame(
        {
            "state": d["state_name"].to_numpy(),
            "deadline": d["transmission_deadline"].map(code_label).to_numpy(),
            "registry": ["Yes" if v else "No" for v in d["statewide_registry"]],
            "transmission_text": [t if t else "(empty cell)" for t in d["transmission_text"]],
        }
    )


# A severity index is a choice of weights, not a finding: the page lets people set them,
# shows every component, and says how a value the source does not state is handled.
OFFENSE_LEVEL_SCORES: dict[str, float] = {
    "felony": 1.0,
    "misdemeanor": 0.5,
    "crime_unclassified": 0.5,
    "contempt": 0.25,
}


@dataclass(frozen=True)
class SeverityComponent:
    field: str
    label: str
    how: str  # how the field becomes a 0..1 score


def severity_components(df: pd.DataFrame) -> list[SeverityComponent]:
    """The index's components, with how each is scored on this dataset."""
    jail_max = df["violation_max_jail_days"].max()
    fine_max = df["violation_max_fine_usd"].max()
    levels = ", ".join(f"{code_label(k)} = {v:g}" for k, v in OFFENSE_LEVEL_SCORES.items())
    return [
        SeverityComponent(
            "violation_max_jail_days",
            "Maximum jail",
            f"days / {format_jail_days(jail_max)} (the longest stated term)",
        ),
        SeverityComponent(
            "violation_max_fine_usd",
            "Maximum fine",
            f"dollars / {format_usd(fine_max)} (the largest stated fine)",
        ),
        SeverityComponent("violation_offense_level", "Offence level", levels),
        SeverityComponent("mandatory_min_jail", "Mandatory minimum jail", "Yes = 1, No = 0"),
        SeverityComponent(
            "repeat_violation_felony", "Repeat violation can be a felony", "Yes = 1, No = 0"
        ),
    ]


SEVERITY_FIELDS = tuple(
    c
    for c in (
        "violation_max_jail_days",
        "violation_max_fine_usd",
        "violation_offense_level",
        "mandatory_min_jail",
        "repeat_violation_felony",
    )
)
MISSING_MODES = ("skip", "zero")


def severity_scores(df: pd.DataFrame) -> pd.DataFrame:
    """Each component as a 0..1 score per jurisdiction; NaN where the source is silent.

    The yes/no components are coded "No" when the penalty cell does not mention them;
    where the penalty cell is empty they are treated as not stated too.
    """
    nan = float("nan")
    empty = [not t for t in df["penalty_text"]]
    jail = [nan if _is_missing(v) else float(v) for v in df["violation_max_jail_days"]]
    fine = [nan if _is_missing(v) else float(v) for v in df["violation_max_fine_usd"]]
    jail_max = max((v for v in jail if v == v), default=nan)
    fine_max = max((v for v in fine if v == v), default=nan)
    return pd.DataFrame(
        {
            "state_code": list(df["state_code"]),
            "violation_max_jail_days": [v / jail_max for v in jail],
            "violation_max_fine_usd": [v / fine_max for v in fine],
            "violation_offense_level": [
                OFFENSE_LEVEL_SCORES.get(v, nan) for v in df["violation_offense_level"]
            ],
            "mandatory_min_jail": [
                nan if e else float(bool(v))
                for v, e in zip(df["mandatory_min_jail"], empty, strict=True)
            ],
            "repeat_violation_felony": [
                nan if e else float(bool(v))
                for v, e in zip(df["repeat_violation_felony"], empty, strict=True)
            ],
        }
    )


def severity_index(
    df: pd.DataFrame, weights: dict[str, float], missing: str = "skip"
) -> pd.DataFrame:
    """A weighted mean of the component scores, 0..100, per jurisdiction.

    missing="skip": a not-stated component is left out and the weights of the stated ones
    are rescaled (the index is the weighted mean of what the source states).
    missing="zero": a not-stated component scores 0 (the least severe).
    Either way a jurisdiction with no stated component (with weight > 0) has no index.
    """
    if missing not in MISSING_MODES:
        raise ValueError(f"missing must be one of {MISSING_MODES}")
    scores = severity_scores(df)
    w = {f: float(weights.get(f, 0)) for f in SEVERITY_FIELDS}
    weighted = [f for f in SEVERITY_FIELDS if w[f] > 0]
    columns = {f: scores[f].tolist() for f in weighted}
    index, n_stated = [], []
    for i in range(len(scores)):
        vals = {f: columns[f][i] for f in weighted}
        stated = [f for f in weighted if vals[f] == vals[f]]  # NaN != NaN
        num = sum(w[f] * vals[f] for f in stated)
        den = sum(w[f] for f in (stated if missing == "skip" else weighted))
        n_stated.append(len(stated))
        index.append(100 * num / den if stated and den > 0 else float("nan"))
    out = scores.copy()
    out.insert(1, "state_name", list(df["state_name"]))
    out["components_stated"] = n_stated
    out["components_weighted"] = len(weighted)
    out["index"] = index
    return out


def severity_formula(weights: dict[str, float], missing: str) -> str:
    """The index's formula with the chosen weights, in plain text."""
    names = {
        "violation_max_jail_days": "jail",
        "violation_max_fine_usd": "fine",
        "violation_offense_level": "level",
        "mandatory_min_jail": "mandatory_min",
        "repeat_violation_felony": "repeat_felony",
    }
    terms = [f"{float(weights.get(f, 0)):g} x {names[f]}" for f in SEVERITY_FIELDS]
    if missing == "skip":
        den = "(sum of the weights of the components the source states)"
    else:
        den = f"{sum(float(weights.get(f, 0)) for f in SEVERITY_FIELDS):g}"
    return (
        f"index = 100 x ({' + '.join(terms)}) / {den}\n"
        "where jail, fine, level, mandatory_min and repeat_felony are the 0-to-1 scores "
        "in the table below"
    )


def not_stated_note(groups: list[Group]) -> str:
    """'Not stated (5): CO, MI, NJ, ND, VA.' for a chart's gap group(s)."""
    return " ".join(
        f"{g.label} ({g.count}): {', '.join(g.codes) or 'none'}." for g in groups if g.not_stated
    )


def field_values(df: pd.DataFrame, code: str, fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value as read) for one jurisdiction; 'Not stated' for a missing value."""
    from analysis.schema import FIELDS_BY_NAME

    row = df.loc[df["state_code"] == code].iloc[0]
    out = []
    for f in fields:
        if f == "final_order_max_months":
            text = format_months(row[f], row["final_order_duration_status"])
        elif f == "violation_max_jail_days":
            text = format_jail_days(row[f])
        else:
            text = _fmt(f, row[f])
        out.append((FIELDS_BY_NAME[f].label, text))
    return out


def severity_table(df: pd.DataFrame, weights: dict[str, float], missing: str) -> pd.DataFrame:
    """The index per jurisdiction with every component score, highest first, as text.

    Numbers are right-aligned text ('  9.0', ' 70.0', 'Not stated') so sorting the column
    keeps numeric order and a missing value still reads 'Not stated'.
    """
    idx = severity_index(df, weights, missing)
    idx = idx.sort_values(
        ["index", "state_name"], ascending=[False, True], na_position="last", kind="stable"
    )

    def num(v: float, digits: int) -> str:
        return "Not stated" if pd.isna(v) else f"{v:{5 + digits}.{digits}f}"

    out = pd.DataFrame(
        {
            "state": idx["state_name"].to_numpy(),
            "index": [num(v, 1) for v in idx["index"]],
            "components_stated": [
                f"{s} of {w}"
                for s, w in zip(idx["components_stated"], idx["components_weighted"], strict=True)
            ],
        }
    )
    for f in SEVERITY_FIELDS:
        out[f] = [num(v, 2) for v in idx[f]]
    return out


def empty_cell_states(df: pd.DataFrame, cell: str) -> list[str]:
    """Names of the jurisdictions whose source cell is empty."""
    return [n for n, t in zip(df["state_name"], df[cell], strict=True) if not t]
