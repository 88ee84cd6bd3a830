"""Numbers people quote: categories, counts, medians. Pure functions of the dataset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.core import display
from analysis.core.display import is_missing
from analysis.core.schema import FIELDS_BY_NAME, NOT_STATED, TRANSMISSION_CODES, code_label


@dataclass(frozen=True)
class Bin:
    """One legend entry of the duration map: a key and its label (colours are the figures')."""

    key: str
    label: str


DURATION_BINS: tuple[tuple[str, str, float, float], ...] = (
    # key, label, lower (inclusive), upper (inclusive), in months
    ("lt6", "Under 6 months", 0, 5.99),
    ("m6", "6 months", 6, 6),
    ("m12", "1 year", 6.01, 12),
    ("m18_24", "18 months to 2 years", 12.01, 24),
    ("m36", "3 years", 24.01, 36),
    ("m48_60", "4 to 5 years", 36.01, 60),
)
GAP_KEYS = ("no_fixed_limit", "not_stated")


def duration_bins() -> list[Bin]:
    """The duration map's legend: the stated-cap bins, then no fixed limit and not stated."""
    return [Bin(k, label) for k, label, _, _ in DURATION_BINS] + [
        Bin(k, code_label(k)) for k in GAP_KEYS
    ]


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
            display.quantity("final_order_max_months", caps.median()) if len(caps) else NOT_STATED,
            f"Median of the {len(caps)} jurisdictions that state a maximum.",
        ),
        Headline(
            "Most common cap",
            display.quantity("final_order_max_months", most) if most else NOT_STATED,
            f"The cap stated by the most jurisdictions ({int(counts.max())} of them)."
            if most
            else "No jurisdiction states a cap.",
        ),
        Headline(
            "Longest cap",
            display.quantity("final_order_max_months", caps.max()) if len(caps) else NOT_STATED,
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
    return pd.DataFrame(
        [
            {
                "cap": g.label,
                "months": None if g.key in GAP_KEYS else float(g.key),
                "jurisdictions": g.count,
                "states": ", ".join(g.codes),
            }
            for g in cap_groups(df)
        ]
    )


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


def value_groups(df: pd.DataFrame, field: str) -> list[Group]:
    """One group per distinct stated value (ascending), then a 'Not stated' group.

    A group is labelled in the jurisdictions' own words when they all say it the same way
    ("1 year (365 days)"), else in the value's largest whole unit (display.group_label).
    """
    by_value: dict[float, list[str]] = {}
    texts: dict[float, list[str]] = {}
    missing: list[str] = []
    for row in df.to_dict("records"):
        v = row[field]
        if is_missing(v):
            missing.append(row["state_code"])
        else:
            by_value.setdefault(float(v), []).append(row["state_code"])
            texts.setdefault(float(v), []).append(display.value_text(field, row))
    groups = [
        Group(f"{v:g}", display.group_label(field, v, texts[v]), tuple(codes))
        for v, codes in sorted(by_value.items())
    ]
    groups.append(Group("not_stated", NOT_STATED, tuple(missing), True))
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
    """One group per choice code of a yes/no field (display.bool_codes), in order: Yes,
    the field's silent reading ("Not named" / "Not stated"), then "Not stated" where that
    reads differently. Empty groups are kept: a zero is news."""
    f = FIELDS_BY_NAME[field]
    out: dict[str, list[str]] = {k: [] for k in display.bool_codes(field)}
    for row in df.to_dict("records"):
        key = display.bool_code(field, row[field], cell_empty=not row[f.source_cell])
        out[key].append(row["state_code"])
    return [
        Group(k, display.choice_text(field, k), tuple(codes), k != "yes")
        for k, codes in out.items()
    ]


def cap_groups(df: pd.DataFrame) -> list[Group]:
    """The final-order caps: each stated cap (ascending), then 'No fixed limit', 'Not stated'."""
    status = "final_order_duration_status"
    fixed = df[df[status] == "fixed"]
    groups = [g for g in value_groups(fixed, "final_order_max_months") if not g.not_stated]
    for key in GAP_KEYS:
        codes = tuple(df.loc[df[status] == key, "state_code"])
        groups.append(Group(key, code_label(key), codes, key == "not_stated"))
    return groups


def groups_table(groups: list[Group]) -> pd.DataFrame:
    """A chart's numbers as a table: value, how many jurisdictions, which ones."""
    return pd.DataFrame(
        {
            "value": [g.label for g in groups],
            "jurisdictions": [g.count for g in groups],
            "states": [", ".join(g.codes) if g.codes else "(none)" for g in groups],
        }
    )


def grouped_table(df: pd.DataFrame, grouping: Callable[..., list[Group]], *args) -> pd.DataFrame:
    """groups_table of grouping(df, *args), e.g. grouped_table(df, value_groups, field)."""
    return groups_table(grouping(df, *args))


def groups_alt(title: str, groups: list[Group]) -> str:
    """A text alternative for a chart of groups: every value with its count and states."""
    parts = [
        f"{g.label}: {g.count}" + (f" ({', '.join(g.codes)})" if g.codes else "") for g in groups
    ]
    return f"{title}. " + "; ".join(parts) + "."


DURATION_FLAG_FIELDS = ("final_order_extendable", "indefinite_order_possible")
PENALTY_FLAG_FIELDS = ("mandatory_min_jail", "repeat_violation_felony")


def _texts(df: pd.DataFrame, field: str) -> list[str]:
    return [display.value_text(field, row) for row in df.to_dict("records")]


# The topic pages' state-by-state tables: {table column: codebook field}, in order. The
# page heads each column from the codebook through these (widgets.field_table).
DURATION_COLUMNS = {
    "cap": "final_order_max_months",
    "status": "final_order_duration_status",
    "minimum": "final_order_min_months",
    "aggravated": "final_order_max_months_aggravated",
    "emergency": "emergency_order_max_days",
    "extendable": "final_order_extendable",
    "indefinite": "indefinite_order_possible",
}
PENALTY_COLUMNS = {
    "jail": "violation_max_jail_days",
    "fine": "violation_max_fine_usd",
    "level": "violation_offense_level",
    "mandatory_min": "mandatory_min_jail",
    "repeat_felony": "repeat_violation_felony",
}
TRANSMISSION_COLUMNS = {"deadline": "transmission_deadline", "registry": "statewide_registry"}


def _values_table(d: pd.DataFrame, columns: dict[str, str], cell: str) -> pd.DataFrame:
    """One row per jurisdiction of `d`: its name, each field as read, and the source cell."""
    return pd.DataFrame(
        {
            "state": d["state_name"].to_numpy(),
            **{column: _texts(d, field) for column, field in columns.items()},
            cell: _texts(d, cell),
        }
    )


def duration_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction: every duration value as read, and the duration cell."""
    return _values_table(df, DURATION_COLUMNS, "duration_text")


def penalty_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction: every penalty value as read, and the penalty cell."""
    return _values_table(df, PENALTY_COLUMNS, "penalty_text")


def transmission_table(df: pd.DataFrame, deadlines: list[str] | None = None) -> pd.DataFrame:
    """One row per jurisdiction (optionally only some deadlines), strictest first."""
    order = {c: i for i, c in enumerate(TRANSMISSION_CODES)}
    d = df if not deadlines else df[df["transmission_deadline"].isin(deadlines)]
    d = d.assign(_o=d["transmission_deadline"].map(order)).sort_values(
        ["_o", "source_row"], kind="stable"
    )
    return _values_table(d, TRANSMISSION_COLUMNS, "transmission_text")


# A severity index is a choice of weights, not a finding: the page lets people set them,
# shows every component, and says how a value the source does not state is handled.
OFFENSE_LEVEL_SCORES: dict[str, float] = {
    "felony": 1.0,
    "misdemeanor": 0.5,
    "crime_unclassified": 0.5,
    "contempt": 0.25,
}


SILENT_SCORE_TEXT = "Yes = 1; not stated in a penalty cell that has text = 0"


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
            f"days / {display.quantity('violation_max_jail_days', jail_max)} "
            "(the longest stated term)",
        ),
        SeverityComponent(
            "violation_max_fine_usd",
            "Maximum fine",
            f"dollars / {display.quantity('violation_max_fine_usd', fine_max)} "
            "(the largest stated fine)",
        ),
        SeverityComponent("violation_offense_level", "Offence level", levels),
        SeverityComponent("mandatory_min_jail", "Mandatory minimum jail", SILENT_SCORE_TEXT),
        SeverityComponent(
            "repeat_violation_felony", "Repeat violation can be a felony", SILENT_SCORE_TEXT
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

    The yes/no components are coded false when the penalty cell does not mention them and
    score 0; where the penalty cell is empty they are not stated (NaN) like the numbers.
    """
    nan = float("nan")
    empty = [not t for t in df["penalty_text"]]
    jail = [nan if is_missing(v) else float(v) for v in df["violation_max_jail_days"]]
    fine = [nan if is_missing(v) else float(v) for v in df["violation_max_fine_usd"]]
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
    """(label, value as read) for one jurisdiction (display.value_text)."""
    row = df.loc[df["state_code"] == code].iloc[0].to_dict()
    return [(FIELDS_BY_NAME[f].label, display.value_text(f, row)) for f in fields]


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
        return NOT_STATED if pd.isna(v) else f"{v:{5 + digits}.{digits}f}"

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
