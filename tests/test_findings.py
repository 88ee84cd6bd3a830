"""Key findings never contradict the cells they rest on, checked on all 51 jurisdictions.

Where a sentence calls a field's cell silent but the jurisdiction's words on the subject
stand in a cell (Tennessee's extension of an order in its penalty cell), the findings
quote them; where a ranked amount rests on words that do not call it what it is ranked as
(a "civil penalty" ranked with fines), the sentence quotes the words. The cells are read
here with the test's own patterns.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.core.schema import CELL_FIELDS, STATE_NAMES
from analysis.facts import load
from analysis.facts.findings import topic_findings


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


@pytest.fixture(scope="module")
def rows(df) -> pd.DataFrame:
    return df.set_index("state_code")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


STATEMENT_END = re.compile(r";|\.\s")  # where the source ends one statement


def _clause_at(text: str, m: re.Match) -> str:
    """The source's statement around a match (between ';' or '. ' separators)."""
    ends = [e.end() for e in STATEMENT_END.finditer(text, 0, m.start())]
    start = ends[-1] if ends else 0
    after = STATEMENT_END.search(text, m.end())
    return text[start : after.start() if after else len(text)].strip()


@pytest.mark.parametrize(
    ("topic", "field", "pattern"),
    [
        ("duration", "final_order_extendable", r"\bextend|\bextension|\brenew"),
        ("penalties", "violation_max_jail_days", r"\bjail\b|\bimprison"),
        ("penalties", "repeat_violation_felony", r"\bfelony"),
    ],
)
def test_where_a_cell_speaks_of_a_silent_field_the_findings_quote_it(
    df, rows, topic, field, pattern
):
    checked = 0
    for code in STATE_NAMES:
        r = rows.loc[code]
        if not pd.isna(r[field]) and bool(r[field]):
            continue  # the field's own cell says it
        found = topic_findings(topic, df, [code])
        said = norm(" ".join([found.headline, *found.sentences, *found.notes]))
        for cell in CELL_FIELDS:
            if cell == "code_section" or not r[cell]:
                continue
            for m in re.finditer(pattern, r[cell], flags=re.I):
                checked += 1
                words = norm(STATEMENT_END.split(r[cell][m.start() : m.end() + 12])[0])
                assert words in said, (code, cell, words, said)
                assert norm(_clause_at(r[cell], m))[:40] in said, (code, cell)
    assert checked, "no jurisdiction to check: the test would prove nothing"


def test_a_fine_the_cell_does_not_call_a_fine_is_quoted_before_it_is_ranked(df, rows):
    checked = []
    for code in STATE_NAMES:
        r = rows.loc[code]
        if pd.isna(r.violation_max_fine_usd) or re.search(r"\bfine", r.penalty_text, re.I):
            continue
        amount = f"${int(r.violation_max_fine_usd):,}"
        sentence = next(s for s in topic_findings("penalties", df, [code]).sentences if amount in s)
        # The amount stands inside a quotation of the cell's own words.
        quoted = re.findall(r"\u201c([^\u201d]*)\u201d", sentence)
        assert any(amount in q and q in r.penalty_text for q in quoted), (code, sentence)
        checked.append(code)
    assert "TN" in checked  # "civil penalty of $50"
