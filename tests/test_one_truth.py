"""One truth: every jurisdiction's value of every field reads the same in every view.

Each view's own table-building code is run on the real data (the profile, Compare,
Explore, the topic pages' tables and charts, the 3D view, the policy brief), the words it
gives for each (jurisdiction, field) are collected, and all must be identical. The words
themselves are checked against the codebook's rules, stated here independently of the
display code: a value the source does not state is "Not stated"; an order with no fixed
limit reads "No fixed limit"; a yes/no the cell is silent on is never a bare "No"; a
duration is said in the source's own unit first.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pandas as pd
import pytest

from analysis.core import display
from analysis.core.schema import CODED_FIELDS, FIELDS, FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import compare, explore, load, metrics, profile
from analysis.figures import deck
from analysis.figures.registry import all_charts
from analysis.publish import briefs

CODES = list(STATE_NAMES)
LABELS = {f.label: f.name for f in FIELDS if f.coded}


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return load.load_evidence()


@pytest.fixture(scope="module")
def seen(df, evidence) -> dict[tuple[str, str], dict[str, str]]:
    """(state, field) -> {view: the words that view shows}."""
    out: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    names = dict(zip(df.state_name, df.state_code, strict=True))

    # The profile: one table per section, Field | Value.
    for code in CODES:
        for section in profile.profile_sections(df, evidence, code):
            for label, value in zip(section.table.Field, section.table.Value, strict=True):
                out[(code, LABELS[label])]["profile"] = value

    # Compare: all 51 in groups of 6 (its limit), one column per state.
    for i in range(0, len(CODES), 6):
        group = CODES[i : i + 6] if len(CODES[i : i + 6]) >= 2 else CODES[i - 1 : i + 1]
        for _, table in compare.compare_groups(df, group):
            for rec in table.to_dict("records"):
                for code in group:
                    out[(code, LABELS[rec["Field"]])]["compare"] = rec[
                        f"{STATE_NAMES[code]} ({code})"
                    ]

    # Explore's table.
    shown = explore.display_table(df)
    for code, row in zip(df.state_code, shown.to_dict("records"), strict=True):
        for name in CODED_FIELDS:
            out[(code, name)]["explore"] = row[name]

    # The topic pages' state-by-state tables.
    columns = {
        metrics.duration_table: {
            "cap": "final_order_max_months",
            "status": "final_order_duration_status",
            "minimum": "final_order_min_months",
            "aggravated": "final_order_max_months_aggravated",
            "emergency": "emergency_order_max_days",
            "extendable": "final_order_extendable",
            "indefinite": "indefinite_order_possible",
        },
        metrics.penalty_table: {
            "jail": "violation_max_jail_days",
            "fine": "violation_max_fine_usd",
            "level": "violation_offense_level",
            "mandatory_min": "mandatory_min_jail",
            "repeat_felony": "repeat_violation_felony",
        },
        metrics.transmission_table: {
            "deadline": "transmission_deadline",
            "registry": "statewide_registry",
        },
    }
    for build, cols in columns.items():
        table = build(df)
        for rec in table.to_dict("records"):
            for col, name in cols.items():
                out[(names[rec["state"]], name)][f"topic table {build.__name__}"] = rec[col]

    # The highlighted jurisdiction's box on the topic pages.
    for code in CODES:
        for label, value in metrics.field_values(df, code, tuple(CODED_FIELDS)):
            out[(code, LABELS[label])]["highlight box"] = value

    # The unit charts' hover text: "<b>State</b><br>label: value<br>...".
    charts = all_charts()
    unit_fields = {
        "duration_distribution": "final_order_max_months",
        "emergency_terms": "emergency_order_max_days",
        "minimum_terms": "final_order_min_months",
        "penalty_jail": "violation_max_jail_days",
        "penalty_fine": "violation_max_fine_usd",
        "offense_level": "violation_offense_level",
        "transmission_deadlines": "transmission_deadline",
    }
    for chart, name in unit_fields.items():
        fig = charts[chart][1](df)
        for trace in fig.data:
            for code, hover in zip(trace.customdata, trace.hovertext, strict=True):
                if code:
                    value = html.unescape(hover.split("<br>")[1].rsplit(": ", 1)[1])
                    out[(code, name)][f"chart {chart}"] = value

    # The 3D view's table.
    for name in ("violation_offense_level", "remedy_firearms", "violation_max_fine_usd"):
        view = deck.build_deck(df, evidence, name)
        label = FIELDS_BY_NAME[name].label
        for rec in view.table.to_dict("records"):
            out[(rec["Code"], name)]["3D view"] = rec[f"Colour: {label}"]
            out[(rec["Code"], "final_order_max_months")]["3D view"] = rec["Maximum term"]

    # The policy brief (all topics, 12 states at a time): the full brief's per-topic
    # tables, and the comparison table both lengths share.
    short = {v: k for k, v in briefs.SHORT_LABELS.items()}
    for i in range(0, len(CODES), 12):
        b = briefs.build(
            df,
            CODES[i : i + 12],
            list(briefs.TOPIC_KEYS),
            length="full",
            charts=False,
            evidence=evidence,
        )
        for section in b.sections:
            for row in section.rows:
                for label, value in row.values:
                    name = short.get(label) or LABELS.get(label)
                    if name:
                        out[(row.code, name)]["brief"] = value
        for table in b.comparisons:
            for row in table.rows:
                if row.field:
                    for code, cell in zip(table.codes, row.cells, strict=True):
                        out[(code, row.field)]["brief comparison"] = cell.value
    return out


def test_every_view_was_read(seen):
    views = {v for d in seen.values() for v in d}
    assert {"profile", "compare", "explore", "brief", "brief comparison", "3D view"} <= views
    assert "highlight box" in views
    assert any(v.startswith("chart ") for v in views)
    assert any(v.startswith("topic table ") for v in views)
    assert {k for k in seen} == {(c, f) for c in CODES for f in CODED_FIELDS}


def test_every_view_says_the_same_words(seen):
    differ = {key: views for key, views in seen.items() if len(set(views.values())) != 1}
    assert differ == {}, list(differ.items())[:5]


def _words(seen, code: str, name: str) -> str:
    return next(iter(seen[(code, name)].values()))


def test_not_stated_is_never_zero_or_no(seen, df):
    by = df.set_index("state_code")
    for code in CODES:
        for name in CODED_FIELDS:
            f = FIELDS_BY_NAME[name]
            words = _words(seen, code, name)
            value = by.loc[code, name]
            assert words not in ("", "0", "nan", "<NA>", "False", "True"), (code, name, words)
            if not f.codes:
                assert words != "None", (code, name)
            if f.dtype == "bool" and not pd.isna(value) and not value and not f.nullable:
                # The coded false is the cell's silence: never a bare "No".
                assert words in ("Not named", "Not stated"), (code, name, words)
            if pd.isna(value) and not (
                name == "final_order_max_months"
                and by.loc[code, "final_order_duration_status"] == "no_fixed_limit"
            ):
                assert words == "Not stated", (code, name, words)


def test_no_fixed_limit_reads_the_same_everywhere(seen, df):
    no_limit = df.loc[df.final_order_duration_status == "no_fixed_limit", "state_code"]
    assert set(no_limit) == {"AK", "VT"}
    for code in no_limit:
        assert set(seen[(code, "final_order_max_months")].values()) == {"No fixed limit"}


UNIT_WORDS = {"days": "day", "months": "month"}
QTY = re.compile(r"(\d+(?:\.\d+)?)\s*(years?|yrs?|months?|mos?|days?|hours?|hrs?)\b", re.I)


@pytest.mark.parametrize(
    ("code", "name", "words"),
    [
        # The codebook's own examples: the source's unit first, then the coded value.
        ("AZ", "final_order_max_months", None),  # found below: "Civil provisions: 150 days"
        ("MS", "final_order_max_months", "3 years (36 months)"),
        ("MS", "violation_max_jail_days", "6 months (180 days)"),
        ("MS", "violation_max_fine_usd", "$1,000"),
    ],
)
def test_durations_in_the_source_unit_first(seen, df, code, name, words):
    if words is None:
        row = df[df.duration_text.str.contains("150 days")].iloc[0]
        code, words = row.state_code, "150 days (4.9 months)"
    assert set(seen[(code, name)].values()) == {words}


def test_one_wording_per_unit(seen):
    """Every duration phrase is "<n> <unit>[s]" with the unit spelt out, singular for 1."""
    for (code, name), views in seen.items():
        if FIELDS_BY_NAME[name].unit not in ("days", "months"):
            continue
        for words in views.values():
            for n, unit in re.findall(r"(\d+(?:\.\d+)?) ([a-z]+)", words):
                assert unit in ("year", "years", "month", "months", "day", "days", "hour", "hours")
                assert (unit.endswith("s")) == (float(n) != 1), (code, name, words)


def test_display_quantity_examples():
    assert display.quantity("final_order_max_months", 1) == "1 month"
    assert display.quantity("final_order_max_months", 12) == "1 year (12 months)"
    assert display.quantity("final_order_max_months", 4.9) == "4.9 months"
    assert display.quantity("violation_max_jail_days", 365) == "1 year (365 days)"
    assert display.quantity("violation_max_fine_usd", 5000) == "$5,000"
    assert display.quantity("emergency_order_max_days", None) == "Not stated"
