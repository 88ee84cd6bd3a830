"""The WomensLaw Mississippi page -> one row per statement, and its agreement with Table 32.

Statements are the page's bullets and sentences, with the page's own navigation
("back to top", "Did you find this information helpful?") left out. Each is tagged with
a topic by the question it answers and by keywords, and carries its footnote citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.build import rules
from analysis.core.errors import BuildError

STATE = "MS"
_QUESTION_RE = re.compile(r"back to top(?P<q>.+\?)\s*$")
_SKIP_RE = re.compile(
    r"^(?:En Español|View All|After the hearing|Did you find this information helpful\?|"
    r"back to top|Know the Laws: Mississippi|UPDATED .*)$"
)
_FOOTNOTE_RE = re.compile(r"^(?P<mark>\*+)?\s*(?P<cite>MS Code § [\d\-()]+)\s*$")
# Sentence ends, keeping footnote marks (".*", ".**") with their sentence; "U.S." is no end.
_SENTENCE_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]\*)|(?<=[.!?]\*\*))(?<!U\.S\.)\s+(?=[A-Z\"])")

_KEYWORD_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("national_resources", re.compile(r"(?i)hotline|National Center|1-800")),
    ("contempt", re.compile(r"(?i)contempt")),
    ("violation_penalty", re.compile(r"(?i)jailed|fined|arrested")),
    (
        "full_faith_and_credit",
        re.compile(
            r"(?i)full faith|out of state|another state|"
            r"new state|military|tribal"
        ),
    ),
    ("statewide_validity", re.compile(r"(?i)all Mississippi counties|within the state")),
    (
        "safety_planning",
        re.compile(
            r"(?i)safety|keep yourself safe|locks|phone number|"
            r"batterers obey"
        ),
    ),
)
_QUESTION_TOPICS = {
    "What should I do when I leave the courthouse?": "after_the_hearing",
    "The judge denied me a protective order. What can I do?": "after_a_denial",
    "What can I do if the abuser violates the order?": "enforcement",
    "How do I change or extend the restraining order?": "changing_or_extending",
    "What happens if I move?": "full_faith_and_credit",
}


@dataclass(frozen=True)
class Note:
    state_code: str
    statement_id: str
    topic: str
    question: str
    statement: str
    citation: str
    source: str
    as_of: str
    line: int


def _topic(question: str, statement: str) -> str:
    for topic, pattern in _KEYWORD_TOPICS:
        if pattern.search(statement):
            return topic
    return _QUESTION_TOPICS.get(question, "after_the_hearing")


def parse_notes(text: str, path: Path, source: str, as_of: str) -> list[Note]:
    """Statements of the WomensLaw page with topic, question and citation."""
    lines = text.split("\n")
    if not any("Know the Laws: Mississippi" in line for line in lines):
        raise BuildError(path, 1, "not the WomensLaw Mississippi page (title not found)")
    footnotes: dict[str, str] = {}
    unmarked: list[str] = []
    for line in lines:
        m = _FOOTNOTE_RE.match(line.strip())
        if m:
            if m.group("mark"):
                footnotes[m.group("mark")] = m.group("cite")
            else:
                unmarked.append(m.group("cite"))
    # The extraction dropped the "**" before the second footnote; it follows "*".
    for cite in unmarked:
        mark = "*" * (len(footnotes) + 1)
        footnotes.setdefault(mark, cite)

    notes: list[Note] = []
    question = ""
    hotline = lines[1].strip() if len(lines) > 1 else ""
    counter = 0

    def add(stmt: str, line_no: int) -> None:
        nonlocal counter
        marks = re.findall(r"(?<=[.])(\*+)", stmt)
        citation = "; ".join(footnotes[m] for m in marks if m in footnotes)
        clean = re.sub(r"(?<=[.])\*+", "", stmt).strip()
        if not clean:
            return
        counter += 1
        notes.append(
            Note(
                STATE,
                f"MS-{counter:02d}",
                _topic(question, clean),
                question,
                clean,
                citation,
                source,
                as_of,
                line_no,
            )
        )

    for i, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("•").strip()
        if not line:
            continue
        q = _QUESTION_RE.match(line)
        if q:
            question = q.group("q").strip()
            continue
        if _SKIP_RE.match(line) or _FOOTNOTE_RE.match(line):
            continue
        if line == hotline and i == 2:
            add(line, i)
            continue
        if not question and line.startswith("A protective order is"):
            add(line, i)
            continue
        if not question:
            continue
        for sentence in _SENTENCE_RE.split(line):
            add(sentence, i)
    if not notes:
        raise BuildError(path, None, "no statements found")
    return notes


@dataclass(frozen=True)
class Agreement:
    state_code: str
    field: str
    table_value: object
    table_evidence: str
    second_source_value: object
    second_source_evidence: str
    citation: str
    agrees: bool
    note: str


def compare_with_table(notes: list[Note], row: dict, evidence: dict[str, str]) -> list[Agreement]:
    """Where both sources speak to the same field, record whether they agree."""
    penalty = [n for n in notes if n.topic == "violation_penalty"]
    out: list[Agreement] = []
    if penalty:
        stmt = penalty[0]
        for field, fn in (
            ("violation_max_jail_days", rules.violation_max_jail_days),
            ("violation_max_fine_usd", rules.violation_max_fine_usd),
        ):
            coded = fn(stmt.statement)
            table = row[field]
            agrees = coded.value is not None and table is not None and int(table) == coded.value
            out.append(
                Agreement(
                    STATE,
                    field,
                    table,
                    evidence[field],
                    coded.value,
                    coded.evidence,
                    stmt.citation,
                    agrees,
                    "Same maximum in both sources."
                    if agrees
                    else "The sources differ; the dataset keeps Table 32's value.",
                )
            )
    contempt = [n for n in notes if n.topic == "contempt" and "civil contempt" in n.statement]
    if contempt:
        stmt = contempt[0]
        table = row["civil_liability"]
        agrees = table in ("contempt", "civil_contempt")
        out.append(
            Agreement(
                STATE,
                "civil_liability",
                table,
                evidence["civil_liability"],
                "civil_contempt",
                "civil contempt of court",
                stmt.citation,
                agrees,
                "Consistent: the table's contempt (unspecified) includes the civil contempt the "
                "page describes."
                if agrees
                else "The sources differ.",
            )
        )
    misdemeanor = [n for n in notes if "misdemeanor" in n.statement]
    if misdemeanor:
        stmt = misdemeanor[0]
        table = row["violation_offense_level"]
        agrees = table == "misdemeanor"
        out.append(
            Agreement(
                STATE,
                "violation_offense_level",
                table,
                evidence["violation_offense_level"],
                "misdemeanor",
                "convicted of a misdemeanor",
                stmt.citation,
                agrees,
                "Both treat a violation as a misdemeanor." if agrees else "The sources differ.",
            )
        )
    return out
