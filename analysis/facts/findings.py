"""Key findings in plain sentences: how chosen states compare, with each other and with all 51.

Pure functions of the dataset. Honest about gaps: a value Table 32 does not state is
said to be not stated, never ranked, and every comparison counts only the jurisdictions
that state a value ("longer than 35 of the 43 other jurisdictions that state a cap").
A yes/no field that is false means the Table 32 cell does not name the item, which is
how the sentences put it ("named" / "not named").

Never contradict the quoted cells: where a sentence says a field's cell is silent but the
jurisdiction's words on that subject stand in a cell (Tennessee's extension of an order is
in its penalty cell), a note quotes them (`mentions`); where a ranked value rests on words
that name something else (a "civil penalty" counted as the fine), the sentence quotes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import display
from analysis.core.schema import (
    CELL_FIELDS,
    CELL_HEADERS,
    FIELDS_BY_NAME,
    PETITIONER_FIELDS,
    REMEDY_FIELDS,
    TRANSMISSION_CODES,
)

TOTAL_PHRASE = "51 jurisdictions"


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    cell: str  # the Table 32 cell the topic is read from
    fields: tuple[str, ...]
    about: str


TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        Topic(
            "duration",
            "Order duration",
            "duration_text",
            (
                "final_order_max_months",
                "final_order_duration_status",
                "final_order_extendable",
                "indefinite_order_possible",
                "emergency_order_max_days",
            ),
            "How long a final (post-hearing) order lasts, and emergency orders before it.",
        ),
        Topic(
            "penalties",
            "Violation penalties",
            "penalty_text",
            (
                "violation_max_jail_days",
                "violation_max_fine_usd",
                "violation_offense_level",
                "mandatory_min_jail",
                "repeat_violation_felony",
            ),
            "What a first, basic violation of an order can cost, and repeat violations.",
        ),
        Topic(
            "transmission",
            "Transmission to law enforcement",
            "transmission_text",
            ("transmission_deadline", "statewide_registry"),
            "How fast an order must reach law enforcement, and state-level registries.",
        ),
        Topic(
            "who_may_apply",
            "Who may apply",
            "who_may_apply_text",
            PETITIONER_FIELDS,
            "Who may petition for an order.",
        ),
        Topic(
            "remedies",
            "Remedies",
            "activities_text",
            REMEDY_FIELDS,
            "What an order can require of the respondent or award the petitioner.",
        ),
        Topic(
            "fees",
            "Fees",
            "fees_waived_text",
            ("fees_waived",),
            "Whether filing and service fees are waived for the petitioner.",
        ),
    )
}
TOPIC_KEYS = tuple(TOPICS)


@dataclass
class TopicFindings:
    headline: str  # one sentence for the brief's key findings
    sentences: list[str] = field(default_factory=list)
    # Where a field's cell is silent but the jurisdiction's words on it stand elsewhere.
    notes: list[str] = field(default_factory=list)


# --- What the cells say on a subject -----------------------------------------------------

# field -> (the subject in words, the words that show a cell speaks of it). Only fields whose
# silence a sentence reports ("Table 32 does not say ...").
MENTION_WORDS: dict[str, tuple[str, re.Pattern[str]]] = {
    "final_order_extendable": (
        "extending or renewing an order",
        re.compile(r"\b(extend\w*|extension|renew\w*|reissu\w*)", re.I),
    ),
    "violation_max_jail_days": (
        "jail",
        re.compile(r"\b(jail|imprison\w*|incarcerat\w*|confinement)\b", re.I),
    ),
    "violation_max_fine_usd": ("a fine", re.compile(r"\b(fines?|fined|civil penalty)\b", re.I)),
    "repeat_violation_felony": ("a felony", re.compile(r"\bfelon(y|ies)\b", re.I)),
    "mandatory_min_jail": (
        "a minimum or unsuspended jail term",
        re.compile(
            r"\b(mandatory|unsuspended|(can\W?t|cannot|may not) be suspended)\b"
            r"|\bminimum\b[^;.]{0,25}\b(jail|imprison\w*)",
            re.I,
        ),
    ),
    "statewide_registry": (
        "a registry or database",
        re.compile(
            r"\b(registry|registries|database|data system|information (network|system))\b",
            re.I,
        ),
    ),
}
_CLAUSE_END = re.compile(r";|\.\s+(?=[A-Z0-9(])")
MAX_QUOTE = 180  # characters of one quoted clause


@dataclass(frozen=True)
class Mention:
    """The clauses of one cell that speak of a field's subject, verbatim."""

    field: str
    cell: str
    quotes: tuple[str, ...]


def clauses(text: str) -> list[str]:
    """A cell split where the source separates its statements (';', '. '), verbatim."""
    parts = [p.strip() for p in _CLAUSE_END.split(text or "")]
    return [
        p if len(p) <= MAX_QUOTE else p[: MAX_QUOTE - 1].rstrip() + "\u2026" for p in parts if p
    ]


def mentions(row: Mapping[str, object], field_name: str) -> list[Mention]:
    """Every cell of a jurisdiction whose words speak of the field's subject."""
    _, words = MENTION_WORDS[field_name]
    out = []
    for cell in CELL_FIELDS:
        text = row.get(cell)
        if cell == "code_section" or not isinstance(text, str):
            continue
        found = tuple(c for c in clauses(text) if words.search(c))
        if found:
            out.append(Mention(field_name, cell, found))
    return out


def quote(text: str) -> str:
    return "\u201c" + text + "\u201d"


def cell_name(cell: str) -> str:
    """A Table 32 column as a reader finds it: its "Penalty for a Violation of Order" cell."""
    return f"\u201c{CELL_HEADERS[cell]}\u201d cell"


def mention_note(name: str, fields: list[str], found: list[Mention]) -> str:
    """'Table 32 does speak of <subject> for Tennessee, in its "Penalty ..." cell: "..."'."""
    subject = join_names(list(dict.fromkeys(MENTION_WORDS[f][0] for f in fields)))
    by_cell: dict[str, list[str]] = {}
    for m in found:
        by_cell.setdefault(m.cell, [])
        by_cell[m.cell] += [q for q in m.quotes if q not in by_cell[m.cell]]
    places = "; and in its ".join(
        f"{cell_name(cell)}: " + "; ".join(quote(q) for q in quotes)
        for cell, quotes in by_cell.items()
    )
    end = "" if places.endswith(".\u201d") else "."
    return f"Table 32 does speak of {subject} for {name}, in its {places}{end}"


# --- Wording helpers -------------------------------------------------------------------


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B, and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _cap(months: float) -> str:
    """A cap no one jurisdiction stated (a median, the most common), in words."""
    return display.quantity("final_order_max_months", months)


def of_51(n: int) -> str:
    return f"{n} of 51"


def _others(n: int) -> str:
    return f"{n} other jurisdiction{'s' if n != 1 else ''}"


def rank_phrase(value: float, stated: pd.Series, more: str, less: str, noun: str) -> str:
    """Where a value sits among the other jurisdictions that state one.

    stated: the value of every jurisdiction that states one (including this one).
    """
    s = stated.astype(float)
    others = len(s) - 1
    below = int((s < value).sum())
    above = int((s > value).sum())
    same = int((s == value).sum()) - 1
    if others <= 0:
        return f"the only jurisdiction that states {noun}"
    tail = f", and the same as {same}" if same else ""
    if below == others:
        return f"{more} than all {others} other jurisdictions that state {noun}"
    if above == others:
        return f"{less} than all {others} other jurisdictions that state {noun}"
    if same == others:
        return f"the same as all {others} other jurisdictions that state {noun}"
    if below >= above:
        return f"{more} than {below} of the {others} other jurisdictions that state {noun}{tail}"
    return f"{less} than {above} of the {others} other jurisdictions that state {noun}{tail}"


def _grouped(codes: list[str], key_of) -> list[tuple[object, list[str]]]:
    """Chosen codes grouped by a key, groups in order of first appearance."""
    groups: dict[object, list[str]] = {}
    for c in codes:
        groups.setdefault(key_of(c), []).append(c)
    return list(groups.items())


def _is_missing(v: object) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


class _Frame:
    """The dataset indexed by state code, with names."""

    def __init__(self, df: pd.DataFrame, codes: list[str]) -> None:
        self.df = df
        self.by = df.set_index("state_code")
        self.codes = codes

    def name(self, code: str) -> str:
        return str(self.by.loc[code, "state_name"])

    def names(self, codes: list[str]) -> str:
        return join_names([self.name(c) for c in codes])

    def v(self, code: str, f: str) -> object:
        return self.by.loc[code, f]

    def row(self, code: str) -> dict[str, object]:
        return {"state_code": code, **self.by.loc[code].to_dict()}

    def words(self, code: str, f: str) -> str:
        """The jurisdiction's value as display.value_text says it everywhere else."""
        return display.value_text(f, self.row(code))

    def notes(self, silent: dict[str, list[str]]) -> list[str]:
        """For the fields a sentence calls silent (field -> the jurisdictions it is silent
        for): where those jurisdictions' cells do speak of it, one note per jurisdiction."""
        out = []
        for c in self.codes:
            fields = [f for f, codes in silent.items() if c in codes]
            found = [m for f in fields for m in mentions(self.row(c), f)]
            if found:
                spoken = [f for f in fields if any(m.field == f for m in found)]
                out.append(mention_note(self.name(c), spoken, found))
        return out

    def said_as(self, code: str, f: str, noun: re.Pattern[str]) -> str:
        """The clause a value rests on when its cell never uses the value's own noun ("fine"),
        else "". A reader then sees that "$50" is Table 32's "civil penalty of $50"."""
        cell = FIELDS_BY_NAME[f].source_cell
        text = str(self.by.loc[code, cell] or "")
        if noun.search(text):
            return ""
        amount = self.words(code, f)
        return next((c for c in clauses(text) if amount in c), "")


# --- Topics ----------------------------------------------------------------------------


def duration(df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    x = _Frame(df, codes)
    status = df["final_order_duration_status"]
    fixed = df.loc[status == "fixed", "final_order_max_months"].astype(float)
    n_fixed, n_nolimit, n_not = (
        len(fixed),
        int((status == "no_fixed_limit").sum()),
        int((status == "not_stated").sum()),
    )

    def cap_key(c: str) -> str:
        s = x.v(c, "final_order_duration_status")
        if s == "fixed":
            return x.words(c, "final_order_max_months")
        return "no fixed limit" if s == "no_fixed_limit" else "not stated"

    parts = []
    for key, group in _grouped(codes, cap_key):
        parts.append(
            f"{key} for {x.names(group)}" if key == "not stated" else f"{key} in {x.names(group)}"
        )
    counts = fixed.value_counts()
    mode = counts.idxmax() if len(counts) else None
    headline = "Maximum term of a final order: " + "; ".join(parts) + "."
    if mode is not None:
        headline += (
            f" The most common cap among the {n_fixed} jurisdictions that state one "
            f"is {_cap(mode)}, in {int(counts.max())} of them."
        )
    out = TopicFindings(headline)
    for c in codes:
        s = x.v(c, "final_order_duration_status")
        if s == "fixed":
            m = float(x.v(c, "final_order_max_months"))
            out.sentences.append(
                f"{x.name(c)} caps a final order at {x.words(c, 'final_order_max_months')}: "
                f"{rank_phrase(m, fixed, 'longer', 'shorter', 'a cap')}."
            )
        elif s == "no_fixed_limit":
            out.sentences.append(
                f"Table 32 gives {x.name(c)} no fixed limit: the order lasts until further "
                f"order of court or for a period the court sets, as in "
                f"{_others(n_nolimit - 1)}."
            )
        else:
            out.sentences.append(
                f"Table 32 states no maximum term for a final order in {x.name(c)}, so it "
                f"cannot be ranked; the same is true of {_others(n_not - 1)}."
            )
    chosen_fixed = [c for c in codes if x.v(c, "final_order_duration_status") == "fixed"]
    if len(chosen_fixed) >= 2:
        vals = {c: float(x.v(c, "final_order_max_months")) for c in chosen_fixed}
        hi, lo = max(vals.values()), min(vals.values())
        if hi == lo:
            out.sentences.append(f"{x.names(chosen_fixed)} have the same cap: {_cap(hi)}.")
        else:
            longest = [c for c in chosen_fixed if vals[c] == hi]
            shortest = [c for c in chosen_fixed if vals[c] == lo]
            out.sentences.append(
                f"Among the chosen states, {x.names(longest)} "
                f"{'has' if len(longest) == 1 else 'have'} the longest cap "
                f"({_cap(hi)}) and {x.names(shortest)} the shortest "
                f"({_cap(lo)})."
            )
    if n_fixed:
        out.sentences.append(
            f"Across the {n_fixed} jurisdictions that state a cap, the median is "
            f"{_cap(fixed.median())}; {n_nolimit} set no fixed limit and Table 32 "
            f"states no cap for {n_not}."
        )
    ext = [
        c
        for c in codes
        if x.v(c, "final_order_extendable") is True
        or (
            not _is_missing(x.v(c, "final_order_extendable"))
            and bool(x.v(c, "final_order_extendable"))
        )
    ]
    silent = [c for c in codes if c not in ext]
    n_ext = int(df["final_order_extendable"].fillna(False).astype(bool).sum())
    # The duration cell is the one read for this; another cell may still speak of it.
    if ext:
        out.sentences.append(
            f"Table 32 says a final order may be extended or renewed in {x.names(ext)} "
            f"(it says so for {of_51(n_ext)})"
            + (f"; for {x.names(silent)} its duration cell does not say." if silent else ".")
        )
    elif silent:
        out.sentences.append(
            f"The duration cell of Table 32 does not say whether an order can be extended in "
            f"{x.names(silent)} (it says so for {of_51(n_ext)})."
        )
    out.notes += x.notes({"final_order_extendable": silent})
    indef = [c for c in codes if bool(x.v(c, "indefinite_order_possible"))]
    if indef:
        n = int(df["indefinite_order_possible"].astype(bool).sum())
        out.sentences.append(
            f"An order can be made permanent or indefinite in {x.names(indef)} ({of_51(n)} say so)."
        )
    return out


OFFENSE_PHRASES = {
    "misdemeanor": "a misdemeanor",
    "felony": "a felony",
    "contempt": "punished as contempt only",
    "crime_unclassified": "a crime with no class stated",
    "not_stated": "not classified in Table 32",
}


def _flag_yes(x: _Frame, code: str, f: str) -> bool:
    v = x.v(code, f)
    return not _is_missing(v) and bool(v)


def _flag_sentence(
    x: _Frame, codes: list[str], f: str, yes_text: str, no_text: str, no_short: str
) -> str:
    """'X can ... in A (as in 7 of 51 jurisdictions); Table 32 does not say so for B.'"""
    n = int(x.df[f].fillna(False).astype(bool).sum())
    yes = [c for c in codes if _flag_yes(x, c, f)]
    no = [c for c in codes if c not in yes]
    cap = yes_text[0].upper() + yes_text[1:]
    if yes and no:
        return (
            f"{cap} in {x.names(yes)} (as in {of_51(n)} jurisdictions); {no_short} for "
            f"{x.names(no)}."
        )
    if yes:
        return f"{cap} in {x.names(yes)} (as in {of_51(n)} jurisdictions)."
    return f"{no_text} for {x.names(no)} (it does for {of_51(n)} jurisdictions)."


def penalties(df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    x = _Frame(df, codes)
    jail = df["violation_max_jail_days"].dropna().astype(float)
    fine = df["violation_max_fine_usd"].dropna().astype(float)

    def jail_key(c: str) -> str:
        v = x.v(c, "violation_max_jail_days")
        return "not stated" if _is_missing(v) else x.words(c, "violation_max_jail_days")

    parts = []
    for key, group in _grouped(codes, jail_key):
        parts.append(
            f"not stated for {x.names(group)}"
            if key == "not stated"
            else f"{key} in {x.names(group)}"
        )
    headline = (
        f"Maximum jail for a first violation: {'; '.join(parts)}. Table 32 states a "
        f"maximum for only {of_51(len(jail))} jurisdictions."
    )
    out = TopicFindings(headline)
    fine_word = re.compile(r"\bfine", re.I)  # a cell without it: quote its words
    for c in codes:
        j, fn = x.v(c, "violation_max_jail_days"), x.v(c, "violation_max_fine_usd")
        jail_text = (
            ""
            if _is_missing(j)
            else (
                f"up to {x.words(c, 'violation_max_jail_days')} in jail "
                f"({rank_phrase(float(j), jail, 'longer', 'shorter', 'a maximum')})"
            )
        )
        fine_rank = (
            "" if _is_missing(fn) else rank_phrase(float(fn), fine, "higher", "lower", "a fine")
        )
        said = "" if _is_missing(fn) else x.said_as(c, "violation_max_fine_usd", fine_word)
        if said:
            # The cell never says "fine": quote what it does say, then compare.
            fine_text = (
                f"{x.words(c, 'violation_max_fine_usd')} ({quote(said)}, counted as the "
                f"maximum fine: {fine_rank})"
            )
        elif fine_rank:
            fine_text = f"a fine of up to {x.words(c, 'violation_max_fine_usd')} ({fine_rank})"
        else:
            fine_text = ""
        if jail_text and fine_text:
            text = f"In {x.name(c)} a first violation can bring {jail_text} and {fine_text}."
        elif jail_text:
            text = (
                f"In {x.name(c)} a first violation can bring {jail_text}; Table 32 states "
                "no maximum fine."
            )
        elif fine_text:
            text = (
                f"In {x.name(c)} a first violation can bring {fine_text}; Table 32 states "
                "no maximum jail term."
            )
        else:
            text = (
                f"For a first violation in {x.name(c)}, Table 32 states neither a maximum "
                "jail term nor a maximum fine."
            )
        out.sentences.append(text)
    level_parts = []
    for level, group in _grouped(codes, lambda c: x.v(c, "violation_offense_level")):
        n = int((df["violation_offense_level"] == level).sum())
        level_parts.append(f"{OFFENSE_PHRASES.get(level, level)} in {x.names(group)} ({of_51(n)})")
    out.sentences.append("A first violation is " + "; ".join(level_parts) + ".")
    out.sentences.append(
        _flag_sentence(
            x,
            codes,
            "repeat_violation_felony",
            "a repeat violation can be a felony",
            "Table 32 does not say a repeat violation can be a felony",
            "Table 32 does not say so",
        )
    )
    out.sentences.append(
        _flag_sentence(
            x,
            codes,
            "mandatory_min_jail",
            "some violation carries a mandatory minimum jail term",
            "Table 32 names no mandatory minimum jail term",
            "it names none",
        )
    )
    silent = {
        f: [c for c in codes if _is_missing(x.v(c, f))]
        for f in ("violation_max_jail_days", "violation_max_fine_usd")
    }
    for f in ("repeat_violation_felony", "mandatory_min_jail"):
        silent[f] = [c for c in codes if not _flag_yes(x, c, f)]
    out.notes += x.notes(silent)
    return out


DEADLINE_PHRASES = {
    "immediate": "immediately",
    "within_6h": "within 6 hours",
    "same_day": "the same day",
    "within_24h": "within 24 hours",
    "next_business_day": "by the next business day",
    "within_48h": "within 48 hours",
    "not_specified": "with no deadline stated",
}


def transmission(df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    x = _Frame(df, codes)
    order = {c: i for i, c in enumerate(TRANSMISSION_CODES)}
    col = df["transmission_deadline"]
    n_none = int((col == "not_specified").sum())
    parts = []
    for code, group in _grouped(codes, lambda c: x.v(c, "transmission_deadline")):
        if code == "not_specified":
            parts.append(f"no deadline stated for {x.names(group)}")
        else:
            parts.append(f"{DEADLINE_PHRASES[code]} in {x.names(group)}")
    headline = (
        f"Orders must reach law enforcement {'; '.join(parts)}. Table 32 states no "
        f"deadline for {of_51(n_none)} jurisdictions."
    )
    headline = headline.replace(
        "reach law enforcement no deadline stated for",
        "reach law enforcement: no deadline stated for",
    )
    out = TopicFindings(headline)
    for c in codes:
        code = x.v(c, "transmission_deadline")
        if code == "not_specified":
            empty = not str(x.v(c, "transmission_text") or "").strip()
            out.sentences.append(
                (
                    f"{possessive(x.name(c))} transmission cell in Table 32 is empty: it "
                    "names no deadline for getting orders to law enforcement"
                    if empty
                    else f"Table 32 names no deadline for getting {possessive(x.name(c))} "
                    "orders to law enforcement"
                )
                + f", as for {_others(n_none - 1)}."
            )
            continue
        idx = order[code]
        stricter = int(col.map(order).lt(idx).sum())
        same = int((col == code).sum()) - 1
        looser = int(col.map(order).gt(idx).sum()) - n_none
        out.sentences.append(
            f"{x.name(c)} must send orders to law enforcement {DEADLINE_PHRASES[code]}: "
            + (
                f"{stricter} jurisdiction{'s have' if stricter != 1 else ' has'} a stricter "
                "deadline"
                if stricter
                else "no jurisdiction has a stricter deadline"
            )
            + f", {same} the same and {looser or 'none'} a looser one."
        )
    out.sentences.append(
        _flag_sentence(
            x,
            codes,
            "statewide_registry",
            "orders are entered into a state-level registry or database",
            "Table 32 mentions no state-level registry",
            "it mentions none",
        )
    )
    out.notes += x.notes(
        {"statewide_registry": [c for c in codes if not _flag_yes(x, c, "statewide_registry")]}
    )
    return out


def _flags(
    df: pd.DataFrame, codes: list[str], fields: tuple[str, ...], noun: str, nouns: str, title: str
) -> TopicFindings:
    x = _Frame(df, codes)
    label = {f: FIELDS_BY_NAME[f].label for f in fields}
    named = {c: [f for f in fields if bool(x.v(c, f))] for c in codes}
    n51 = {f: int(df[f].fillna(False).astype(bool).sum()) for f in fields}
    per_state = df[list(fields)].fillna(False).astype(bool).sum(axis=1)
    median = float(per_state.median())
    out = TopicFindings("")
    if len(codes) == 1:
        c = codes[0]
        yes = [label[f].lower() for f in named[c]]
        no = [label[f].lower() for f in fields if f not in named[c]]
        out.headline = (
            f"{title}: Table 32 names {len(yes)} of {len(fields)} {nouns} for "
            f"{x.name(c)} (the median jurisdiction: {median:g})."
        )
        if yes:
            out.sentences.append(f"Named for {x.name(c)}: {'; '.join(yes)}.")
        if no:
            out.sentences.append(f"Not named: {'; '.join(no)}.")
    else:
        counts = join_names([f"{len(named[c])} for {x.name(c)}" for c in codes])
        out.headline = (
            f"{title}: of the {len(fields)} {nouns} coded, Table 32 names "
            f"{counts} (the median jurisdiction: {median:g})."
        )
        all_yes = [f for f in fields if all(f in named[c] for c in codes)]
        none = [f for f in fields if not any(f in named[c] for c in codes)]
        mixed = [f for f in fields if f not in all_yes and f not in none]
        if all_yes:
            out.sentences.append(
                "Named for every chosen state: "
                + "; ".join(f"{label[f].lower()} ({of_51(n51[f])})" for f in all_yes)
                + "."
            )
        for f in mixed:
            yes = [c for c in codes if f in named[c]]
            no = [c for c in codes if f not in named[c]]
            out.sentences.append(
                f"{label[f]}: named for {x.names(yes)}, not for {x.names(no)} "
                f"({of_51(n51[f])} jurisdictions name it)."
            )
        if none:
            out.sentences.append(
                "Named for none of them: "
                + "; ".join(f"{label[f].lower()} ({of_51(n51[f])})" for f in none)
                + "."
            )
    out.sentences.append(
        f'"Not named" means the Table 32 cell does not mention the {noun}; the statute '
        "itself may still provide for it."
    )
    return out


def who_may_apply(df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    return _flags(
        df,
        codes,
        PETITIONER_FIELDS,
        "petitioner category",
        "petitioner categories",
        "Who may apply",
    )


def remedies(df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    return _flags(df, codes, REMEDY_FIELDS, "remedy", "remedies", "Remedies")


FEE_PHRASES = {
    "yes": "waived",
    "conditional": "waived on conditions",
    "no": "not waived",
    "not_stated": "not stated",
}


def fees(df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    x = _Frame(df, codes)
    parts = []
    for code, group in _grouped(codes, lambda c: x.v(c, "fees_waived")):
        n = int((df["fees_waived"] == code).sum())
        verb = "Table 32 does not say" if code == "not_stated" else FEE_PHRASES[code]
        parts.append(
            f"{verb} {'for' if code == 'not_stated' else 'in'} {x.names(group)} "
            f"(as for {of_51(n)} jurisdictions)"
        )
    headline = "Filing and service fees: " + "; ".join(parts) + "."
    out = TopicFindings(headline, [headline])
    n_yes = int((df["fees_waived"] == "yes").sum())
    out.sentences.append(
        f"Across all 51, fees are waived outright in {n_yes}, on conditions (indigency, "
        f"an affidavit, the court's discretion) in "
        f"{int((df['fees_waived'] == 'conditional').sum())}, not waived in "
        f"{int((df['fees_waived'] == 'no').sum())}, and Table 32 does not say for "
        f"{int((df['fees_waived'] == 'not_stated').sum())}."
    )
    return out


GENERATORS = {
    "duration": duration,
    "penalties": penalties,
    "transmission": transmission,
    "who_may_apply": who_may_apply,
    "remedies": remedies,
    "fees": fees,
}


def topic_findings(topic: str, df: pd.DataFrame, codes: list[str]) -> TopicFindings:
    return GENERATORS[topic](df, codes)
