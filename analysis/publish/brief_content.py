"""A policy brief's content, built once; analysis.publish.briefs renders it to every format.

Two lengths from the same parts:
- short: title and date, the caveat, the key findings, one table comparing the chosen
  states (statute, then each topic's main values with the source's own words), one chart,
  how to cite and the sources. 3 states x 3 topics fit on two Letter pages.
- full: the same, then one section per topic (sentences comparing the states with each
  other and all 51, the topic's chart, the topic's Table 32 cell word for word), and the
  caveats in full.

Every value a person reads comes from analysis.core.display (value_text for a state's
value); sentences from analysis.facts.findings; charts from analysis.figures.models (the
app's own groups), drawn as SVG (analysis.figures.svg) without a browser. Links use the
configured public address (analysis.core.links), never the server's own; without one the
citation names the dataset's version and files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import display, links, release
from analysis.core.csvfile import csv_bytes
from analysis.core.paths import DATASET_CSV, EVIDENCE_CSV
from analysis.core.schema import CELL_HEADERS, FIELDS_BY_NAME, STATE_NAMES
from analysis.core.sources import Source, load_sources
from analysis.core.texts import CAVEAT, PROJECT_TITLE, long_date, today
from analysis.facts import findings, load
from analysis.facts.findings import TOPIC_KEYS, TOPICS, Topic, join_names, topic_findings
from analysis.figures.models import BarChart, Chart, topic_chart
from analysis.figures.svg import chart_svg

LENGTHS = ("short", "full")
LENGTH_LABELS = {
    "short": "Short: findings, one table, one chart",
    "full": "Full: every topic in depth",
}
MAX_STATES = 12
COLUMNS_PER_TABLE = 4  # states side by side in one comparison table
FILES = (f"data/processed/{DATASET_CSV}", f"data/processed/{EVIDENCE_CSV}")
Progress = Callable[[float, str], None]


class BriefError(ValueError):
    """The states or topics asked for cannot make a brief; the message says why."""


def _items(text: str | list[str]) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    return [str(c).strip() for c in items if str(c).strip()]


def parse_states(text: str | list[str]) -> list[str]:
    """'MS, al,TN' -> ['MS', 'AL', 'TN'] (order kept, duplicates dropped)."""
    codes = [c.upper() for c in _items(text)]
    bad = [c for c in codes if c not in STATE_NAMES]
    if bad:
        raise BriefError(
            f"unknown state code(s): {', '.join(bad)} (use USPS codes like MS, AL, TN, DC)"
        )
    codes = list(dict.fromkeys(codes))
    if not codes:
        raise BriefError("choose at least one state")
    if len(codes) > MAX_STATES:
        raise BriefError(
            f"a brief compares at most {MAX_STATES} jurisdictions ({len(codes)} chosen)"
        )
    return codes


def parse_topics(text: str | list[str]) -> list[str]:
    topics = [t.lower().replace("-", "_") for t in _items(text)]
    bad = [t for t in topics if t not in TOPICS]
    if bad:
        raise BriefError(
            f"unknown topic(s): {', '.join(bad)} (choose from {', '.join(TOPIC_KEYS)})"
        )
    topics = list(dict.fromkeys(topics))
    if not topics:
        raise BriefError("choose at least one topic")
    return [t for t in TOPIC_KEYS if t in topics]  # the brief's fixed order


def parse_length(text: str) -> str:
    length = (text or "").strip().lower()
    if length not in LENGTHS:
        raise BriefError(f"unknown length {text!r} (choose short or full)")
    return length


# --- The parts -------------------------------------------------------------------------


@dataclass
class StateRow:
    code: str
    name: str
    citation: str
    repealed: bool
    values: list[tuple[str, str]]  # (label, value as read)
    source_text: str  # the topic's Table 32 cell, verbatim ("" for an empty cell)


@dataclass
class ValueCell:
    """One state's value in the comparison table, and the source words behind it."""

    value: str  # display.value_text
    words: str = ""  # the exact words the value rests on ("" when the cell is silent)
    elsewhere: str = ""  # where the state's cells speak of it though the field is silent


@dataclass
class CompareRow:
    topic: str  # the topic's title, for grouping
    label: str
    field: str | None  # the codebook field (None for a count of named items)
    cells: list[ValueCell]


@dataclass
class Comparison:
    """The chosen states side by side (at most COLUMNS_PER_TABLE per table)."""

    codes: list[str]
    names: list[str]
    statutes: list[ValueCell]
    rows: list[CompareRow]


@dataclass
class ChartBlock:
    number: int
    title: str
    subtitle: str
    alt: str
    svg: str  # "" when charts were left out
    table: list[tuple[str, str, str]] = field(default_factory=list)  # for Markdown
    table_head: tuple[str, str, str] = ("Value", "Jurisdictions", "Chosen")


@dataclass
class Section:
    topic: Topic
    headline: str
    sentences: list[str]
    notes: list[str]
    chart: ChartBlock | None
    rows: list[StateRow]


@dataclass
class Brief:
    length: str
    title: str
    subtitle: str
    day: dt.date
    states: list[str]
    topics: list[str]
    key_findings: list[str]
    compare_heading: str
    comparisons: list[Comparison]
    chart: ChartBlock | None  # the short brief's one chart
    sections: list[Section]
    charts_note: str
    link: str  # this brief's view in the app at the public address ("" without one)
    command: str
    caveats: list[str]
    citation: str
    dataset_version: str
    files: tuple[str, ...]
    sources: list[Source] = field(default_factory=list)

    @property
    def state_names(self) -> list[str]:
        return [STATE_NAMES[c] for c in self.states]

    @property
    def date_text(self) -> str:
        return long_date(self.day)

    @property
    def author(self) -> str:
        return PROJECT_TITLE


SHORT_LABELS = {
    "final_order_max_months": "Final order, maximum",
    "final_order_extendable": "Can be extended",
    "indefinite_order_possible": "Can be indefinite",
    "emergency_order_max_days": "Emergency order, maximum",
    "violation_max_jail_days": "Maximum jail",
    "violation_max_fine_usd": "Maximum fine",
    "violation_offense_level": "Offence level",
    "mandatory_min_jail": "Mandatory minimum jail",
    "repeat_violation_felony": "Repeat can be a felony",
    "transmission_deadline": "Deadline",
    "statewide_registry": "State-level registry",
    "fees_waived": "Fees waived",
}
# The comparison table's rows per topic; the yes/no-list topics get one count row.
COMPARE_FIELDS: dict[str, tuple[str, ...]] = {
    "duration": ("final_order_max_months", "final_order_extendable", "emergency_order_max_days"),
    "penalties": (
        "violation_max_jail_days",
        "violation_max_fine_usd",
        "violation_offense_level",
        "mandatory_min_jail",
        "repeat_violation_felony",
    ),
    "transmission": ("transmission_deadline", "statewide_registry"),
    "who_may_apply": (),
    "remedies": (),
    "fees": ("fees_waived",),
}
COUNT_LABELS = {"who_may_apply": "Petitioners named", "remedies": "Remedies named"}

CAVEATS = (
    CAVEAT,
    'Where Table 32 does not state a value, this brief says "not stated"; such a value is '
    'never counted as zero or as "no", and comparisons count only the jurisdictions that '
    "state a value.",
    'A remedy or petitioner "not named" means the Table 32 cell does not mention it, not '
    "that the statute excludes it.",
    "Values were coded from the table's text by rules, and by hand where rules cannot decide "
    "(each hand-coded value has a recorded reason). The exact source words behind every "
    "value are in evidence.csv and on each state's profile page in the app.",
    "Statute citations are as printed in Table 32; sections may since have been renumbered, "
    "amended or repealed.",
)
SHORT_CAVEATS = CAVEATS[:2]


def _label(f: str) -> str:
    return SHORT_LABELS.get(f, FIELDS_BY_NAME[f].label)


def _rows(by: pd.DataFrame, codes: list[str], topic: Topic) -> list[StateRow]:
    out = []
    for c in codes:
        r = {"state_code": c, **by.loc[c].to_dict()}
        if all(FIELDS_BY_NAME[f].dtype == "bool" for f in topic.fields):
            words = {f: display.value_text(f, r) for f in topic.fields}
            named = [FIELDS_BY_NAME[f].label for f in topic.fields if words[f] == "Yes"]
            not_named = [FIELDS_BY_NAME[f].label for f in topic.fields if words[f] != "Yes"]
            values = [
                ("Named", "; ".join(named) or "none"),
                ("Not named", "; ".join(not_named) or "none"),
            ]
        else:
            values = [
                (_label(f), display.value_text(f, r))
                for f in topic.fields
                if f != "final_order_duration_status"
            ]
        out.append(
            StateRow(
                c,
                str(r["state_name"]),
                str(r["code_section"]),
                bool(r["statute_repealed"]),
                values,
                str(r[topic.cell]),
            )
        )
    return out


def _elsewhere(row: dict, f: str) -> str:
    """Where a state's cells speak of a field its value is silent on (findings.mentions)."""
    if f not in findings.MENTION_WORDS or display.value_text(f, row) not in (
        display.NOT_STATED,
        FIELDS_BY_NAME[f].false_text,
    ):
        return ""
    return "; ".join(
        f"{CELL_HEADERS[m.cell]}: " + "; ".join(findings.quote(q) for q in m.quotes)
        for m in findings.mentions(row, f)
    )


def _comparison(
    by: pd.DataFrame, codes: list[str], topics: list[str], words: dict[tuple[str, str], str]
) -> Comparison:
    rows = {c: {"state_code": c, **by.loc[c].to_dict()} for c in codes}
    out: list[CompareRow] = []
    for t in topics:
        topic = TOPICS[t]
        for f in COMPARE_FIELDS[t]:
            out.append(
                CompareRow(
                    topic.title,
                    _label(f),
                    f,
                    [
                        ValueCell(
                            display.value_text(f, rows[c]),
                            words.get((c, f), ""),
                            _elsewhere(rows[c], f),
                        )
                        for c in codes
                    ],
                )
            )
        if not COMPARE_FIELDS[t]:
            cells = []
            for c in codes:
                said = {f: display.value_text(f, rows[c]) for f in topic.fields}
                missing = [
                    FIELDS_BY_NAME[f].label.lower() for f in topic.fields if said[f] != "Yes"
                ]
                named = len(topic.fields) - len(missing)
                cells.append(
                    ValueCell(
                        f"{named} of {len(topic.fields)}",
                        ("Not named: " + "; ".join(missing)) if missing else "All named",
                    )
                )
            out.append(CompareRow(topic.title, COUNT_LABELS[t], None, cells))
    statutes = [
        ValueCell(
            str(rows[c]["code_section"]),
            "Table 32 says repealed" if bool(rows[c]["statute_repealed"]) else "",
        )
        for c in codes
    ]
    return Comparison(codes, [STATE_NAMES[c] for c in codes], statutes, out)


def _chart_block(number: int, chart: Chart, draw: bool) -> ChartBlock:
    if isinstance(chart, BarChart):
        table, head = chart.rows(), ("Value", "Jurisdictions", "Chosen states in it")
    else:
        table = [
            (
                f"{r.label} ({r.named_in} of 51)",
                "; ".join(f"{c}: {w}" for c, w in r.cells),
                "",
            )
            for r in chart.rows
        ]
        head = ("Item", "Chosen states", "")
    return ChartBlock(
        number,
        chart.title,
        chart.subtitle,
        chart.alt,
        chart_svg(chart, f"chart{number}") if draw else "",
        table,
        head,
    )


def _title(codes: list[str]) -> str:
    names = [STATE_NAMES[c] for c in codes]
    if len(names) <= 3:
        return f"Protective orders in {join_names(names)}"
    return f"Protective orders in {len(names)} jurisdictions"


def dataset_version(df: pd.DataFrame) -> str:
    """The data's version: the release (pyproject.toml) and the first 12 hex digits of the
    sha256 of the dataset as CSV (the bytes of data/processed/protective_orders.csv for
    the built dataset), so a brief names exactly the values it was made from."""
    return f"{release.version()}; data sha256 {hashlib.sha256(csv_bytes(df)).hexdigest()[:12]}"


def brief_query(states: list[str], topics: list[str], length: str) -> dict[str, str]:
    """The export page's query that rebuilds this brief (the page's URL parameters)."""
    query = {"states": ",".join(states)}
    if topics != list(TOPIC_KEYS):
        query["topics"] = ",".join(topics)
    query["length"] = length
    return query


def citation(title: str, length: str, day: dt.date, version: str, link: str) -> str:
    """How to cite the brief: the public link, or without one the dataset's version and
    files (never the address of the machine that made it)."""
    # The dataset's part is the one citation text every file carries (core/release.py).
    dataset = release.dataset_citation(load_sources(), accessed=long_date(day))
    text = f"{title} ({length} policy brief, {long_date(day)}). {dataset} Data: {version}."
    if link:
        return f"{text} {link}"
    return f"{text} Files: {', '.join(FILES)}."


def build(
    df: pd.DataFrame,
    states: list[str],
    topics: list[str],
    *,
    length: str = "short",
    public_url: str = "",
    evidence: pd.DataFrame | None = None,
    command: str = "",
    day: dt.date | None = None,
    charts: bool = True,
    progress: Progress | None = None,
) -> Brief:
    """The brief's content for the chosen states and topics.

    public_url: the app's public address (analysis.core.links.public_base checks it);
    evidence: evidence.csv as loaded (read from data/processed when not given).
    """
    states, topics, length = parse_states(states), parse_topics(topics), parse_length(length)
    try:
        base = links.public_base(public_url) if public_url else ""
    except links.PublicUrlError as exc:
        raise BriefError(f"the public address {exc}") from exc
    day = day or today()
    report = progress or (lambda frac, msg: None)
    evidence = load.load_evidence() if evidence is None else evidence
    ev = evidence[evidence["state_code"].isin(states)]
    words = {
        (r.state_code, r.field): str(r.evidence)
        for r in ev.itertuples(index=False)
        if isinstance(r.evidence, str) and r.evidence
    }
    by = df.set_index("state_code", drop=False)
    steps = len(topics) + 2
    found = {}
    for i, t in enumerate(topics):
        report(i / steps, f"Writing {TOPICS[t].title.lower()}")
        found[t] = topic_findings(t, df, states)
    report(len(topics) / steps, "Comparing the states")
    comparisons = [
        _comparison(by, states[i : i + COLUMNS_PER_TABLE], topics, words)
        for i in range(0, len(states), COLUMNS_PER_TABLE)
    ]
    sections: list[Section] = []
    chart = None
    if length == "short":
        chart = _chart_block(1, topic_chart(topics[0], df, states), charts)
    else:
        for n, t in enumerate(topics, start=1):
            sections.append(
                Section(
                    TOPICS[t],
                    found[t].headline,
                    found[t].sentences,
                    found[t].notes,
                    _chart_block(n, topic_chart(t, df, states), charts),
                    _rows(by, states, TOPICS[t]),
                )
            )
    report((steps - 1) / steps, "Adding sources and citations")
    title = _title(states)
    names = [STATE_NAMES[c] for c in states]
    topic_titles = join_names([TOPICS[t].title.lower() for t in topics])
    version = dataset_version(df)
    link = links.page_link(base, "export", brief_query(states, topics, length))
    brief = Brief(
        length=length,
        title=title,
        subtitle=(
            f"How {join_names(names) if len(names) <= 3 else ', '.join(states)} "
            f"{'compares' if len(names) == 1 else 'compare'} with the 50 states and DC: "
            f"{topic_titles}"
        ),
        compare_heading=(
            "The states side by side" if len(states) > 1 else f"{names[0]} at a glance"
        ),
        day=day,
        states=states,
        topics=topics,
        key_findings=[s for t in topics for s in (found[t].headline, *found[t].notes)],
        comparisons=comparisons,
        chart=chart,
        sections=sections,
        charts_note="" if charts else "Charts were left out of this copy.",
        link=link,
        command=command
        or (
            f"python -m analysis brief --states {','.join(states)} --topics "
            f"{','.join(topics)} --length {length}"
        ),
        caveats=list(SHORT_CAVEATS if length == "short" else CAVEATS),
        citation=citation(title, length, day, version, link),
        dataset_version=version,
        files=FILES,
        sources=list(load_sources().values()),
    )
    report(1.0, "Done")
    return brief
