"""Explore & filter and Compare: the filter logic on the real data, the URL scheme, the pages.

Expected values are counted here with plain pandas from the dataset, never taken from
analysis.facts.explore itself.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from analysis.core import display, markup
from analysis.core.schema import CELL_FIELDS, CELL_HEADERS, FIELDS, FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import compare, explore, load
from analysis.publish import tables
from tests.conftest import html_tables

ROOT = Path(__file__).resolve().parents[1]
N = 51


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return load.load_evidence()


def codes_where(df: pd.DataFrame, cond: pd.Series) -> set[str]:
    return set(df.loc[cond.fillna(False).astype(bool), "state_code"])


def matched(df: pd.DataFrame, query: dict[str, str]) -> set[str]:
    filters, _, notices = explore.parse(query)
    assert notices == []
    return set(df.loc[explore.match_mask(df, filters), "state_code"])


# ----------------------------------------------------------------------------- filters


def test_cap_at_least_24_and_fees_waived_yes(df):
    expected = codes_where(df, (df.final_order_max_months >= 24) & (df.fees_waived == "yes"))
    assert 0 < len(expected) < N
    assert matched(df, {"final_order_max_months": "24-120", "fees_waived": "yes"}) == expected
    # The slider's top (the largest stated value) selects the same states.
    top = df.final_order_max_months.max()
    assert matched(df, {"final_order_max_months": f"24-{top:g}", "fees_waived": "yes"}) == (
        expected
    )


def test_filters_combine_with_and(df):
    q = {"fees_waived": "yes,conditional", "statewide_registry": "yes", "remedy_firearms": "no"}
    expected = codes_where(
        df,
        df.fees_waived.isin(["yes", "conditional"]) & df.statewide_registry & ~df.remedy_firearms,
    )
    assert matched(df, q) == expected
    # Each filter alone matches a superset.
    for k, v in q.items():
        assert matched(df, {k: v}) >= expected


def test_no_filters_match_everyone(df):
    assert matched(df, {}) == set(STATE_NAMES)
    assert explore.Filters().active is False


def test_nullable_boolean_not_stated_is_its_own_option(df):
    col = df.final_order_extendable
    assert matched(df, {"final_order_extendable": "not_stated"}) == codes_where(df, col.isna())
    assert matched(df, {"final_order_extendable": "yes"}) == codes_where(df, col == True)  # noqa: E712
    assert explore.bool_codes("final_order_extendable") == ("yes", "no", "not_stated")
    # A silent penalty cell already reads "Not stated": no second option that reads the same.
    assert explore.bool_codes("mandatory_min_jail") == ("yes", "no")
    labels = [explore.option_label("mandatory_min_jail", c) for c in ("yes", "no")]
    assert labels == ["Yes", "Not stated"]
    # A list the cell gives: its silence is "Not named", an empty cell "Not stated".
    assert [explore.option_label("petitioner_dating", c) for c in ("yes", "no", "not_stated")] == [
        "Yes",
        "Not named",
        "Not stated",
    ]
    empty = codes_where(df, df.who_may_apply_text == "")
    assert empty and matched(df, {"petitioner_dating": "not_stated"}) == empty


def test_numeric_range_leaves_out_not_stated_by_default(df):
    col = df.final_order_max_months
    status = df.final_order_duration_status
    stated = codes_where(df, col.notna())
    missing = codes_where(df, status == "not_stated")
    no_limit = codes_where(df, status == "no_fixed_limit")
    assert missing and no_limit == {"AK", "VT"}
    top = col.max()
    assert matched(df, {"final_order_max_months": f"0-{top:g}"}) == stated
    assert matched(df, {"final_order_max_months": f"0-{top:g}", "not_stated": "include"}) == (
        stated | missing
    )
    both = {"not_stated": "include", "no_fixed_limit": "include"}
    assert matched(df, {"final_order_max_months": f"0-{top:g}", **both}) == set(STATE_NAMES)
    at_least_24 = codes_where(df, col >= 24)
    assert matched(df, {"final_order_max_months": "24-60", "not_stated": "include"}) == (
        at_least_24 | missing
    )
    # "Longer than 2 years" can take in the orders with no fixed limit ...
    assert matched(df, {"final_order_max_months": "25-60", "no_fixed_limit": "include"}) == (
        codes_where(df, col >= 25) | no_limit
    )
    # ... but not a range that stops below the longest stated cap.
    assert matched(df, {"final_order_max_months": "0-24", "no_fixed_limit": "include"}) == (
        codes_where(df, col <= 24)
    )
    f = explore.filters_from_values({"final_order_max_months": (24, 60)})
    assert any("no fixed limit: left out" in p for p in explore.describe(f))
    f = explore.filters_from_values({"final_order_max_months": (24, 60)})
    assert any("not stated: left out" in p for p in explore.describe(f))


def test_int_fields_filter_on_days_and_dollars(df):
    expected = codes_where(
        df, (df.violation_max_jail_days >= 365) & (df.violation_max_fine_usd <= 1000)
    )
    got = matched(df, {"violation_max_jail_days": "365-3650", "violation_max_fine_usd": "0-1000"})
    assert got == expected and expected


def test_text_search_is_case_insensitive_and_names_the_cells(df):
    def cells_with(word: str) -> dict[str, set[str]]:
        out = {}
        for _, row in df.iterrows():
            found = {c for c in CELL_FIELDS if word.lower() in row[c].lower()}
            if found:
                out[row.state_code] = found
        return out

    expected = cells_with("registry")
    assert expected
    for q in ("registry", "REGISTRY", "  Registry "):
        assert matched(df, {"q": q}) == set(expected)
    hits = explore.text_hits(df, "Registry")
    for code, cells in zip(df.state_code, hits, strict=True):
        assert set(cells) == expected.get(code, set())
    # Only in one cell.
    only = {c for c, cells in expected.items() if "transmission_text" in cells}
    assert matched(df, {"q": "registry", "q_cells": "transmission_text"}) == only


def test_text_search_is_literal_not_a_pattern(df):
    # "$" and "." are ordinary characters.
    expected = codes_where(df, df.penalty_text.str.contains("$1,000", regex=False))
    assert expected
    assert matched(df, {"q": "$1,000", "q_cells": "penalty_text"}) == expected
    assert matched(df, {"q": ".*"}) == codes_where(
        df, df[list(CELL_FIELDS)].apply(lambda r: any(".*" in x for x in r), axis=1)
    )


def test_each_alone_explains_an_empty_result(df):
    q = {"final_order_max_months": "48-48", "fees_waived": "no"}
    assert not codes_where(df, (df.final_order_max_months == 48) & (df.fees_waived == "no"))
    filters, _, _ = explore.parse(q)
    assert explore.match_mask(df, filters).sum() == 0
    alone = dict(explore.each_alone(df, filters))
    assert sorted(alone.values()) == sorted(
        [int((df.final_order_max_months == 48).sum()), int((df.fees_waived == "no").sum())]
    )
    assert all(v > 0 for v in alone.values())


# ----------------------------------------------------------------------------- URL scheme


def test_one_param_per_filterable_field_named_as_the_field():
    names = [p.name for p in explore.PARAMS]
    coded = [f.name for f in FIELDS if f.coded]
    assert set(coded) <= set(names)
    assert len(names) == len(set(names))
    for f in FIELDS:
        if f.coded and f.dtype in ("int", "float"):
            assert next(p for p in explore.PARAMS if p.name == f.name).kind == "range"


ROUND_TRIPS = [
    explore.Filters(),
    explore.Filters(ranges={"final_order_max_months": (24.0, 60.0)}),
    explore.Filters(ranges={"final_order_max_months": (4.9, 12.0)}, include_not_stated=True),
    explore.Filters(choices={"fees_waived": ("yes", "conditional")}),
    explore.Filters(
        ranges={"violation_max_fine_usd": (0.0, 1000.0), "emergency_order_max_days": (1, 14)},
        choices={
            "final_order_extendable": ("no", "not_stated"),
            "statewide_registry": ("yes",),
            "transmission_deadline": ("immediate", "same_day"),
        },
        text="court & police <order>",
        text_cells=("penalty_text", "transmission_text"),
    ),
]


@pytest.mark.parametrize("filters", ROUND_TRIPS)
@pytest.mark.parametrize("state", [None, "MS"])
def test_url_round_trip(filters, state):
    query = explore.encode(filters, state)
    back, back_state, notices = explore.parse(query)
    assert notices == []
    assert back == filters
    assert back_state == state


def test_url_looks_like_the_documented_scheme():
    f = explore.Filters(
        ranges={"final_order_max_months": (24.0, 60.0)},
        choices={"fees_waived": ("yes",)},
        text="registry",
    )
    assert explore.encode(f) == {
        "final_order_max_months": "24-60",
        "fees_waived": "yes",
        "q": "registry",
    }
    assert explore.encode(explore.Filters()) == {}


def test_malformed_params_are_ignored_with_notices(df):
    query = {
        "final_order_max_months": "abc",
        "violation_max_jail_days": "10-5",
        "fees_waived": "maybe",
        "remedy_firearms": "yes,perhaps",
        "state": "ZZ",
        "not_stated": "sometimes",
        "bogus<script>": "1",
    }
    filters, state, notices = explore.parse(query)
    assert filters == explore.Filters() and state is None
    assert len(notices) == 7
    assert not any("<script>" in n for n in notices)
    assert explore.match_mask(df, filters).all()


def test_range_spec_and_clamping(df):
    spec = explore.range_spec(df, "final_order_max_months")
    assert (spec.lo, spec.hi) == (0.0, float(df.final_order_max_months.max()))
    assert explore.range_or_none(spec, (spec.lo, spec.hi)) is None
    assert explore.range_or_none(spec, (24, spec.hi)) == (24.0, spec.hi)
    assert explore.clamp_range(spec, (24, 120)) == (24, spec.hi)
    fine = explore.range_spec(df, "violation_max_fine_usd")
    assert fine.integer and fine.hi >= df.violation_max_fine_usd.max()
    # A field with a single stated value still gives a usable slider.
    agg = explore.range_spec(df, "final_order_max_months_aggravated")
    assert agg.lo < agg.hi


# ----------------------------------------------------------------------------- the table


def test_table_has_every_codebook_field_with_help_from_the_codebook(df):
    cols = explore.table_columns()
    assert sorted(cols) == sorted(f.name for f in FIELDS)
    spec = explore.column_spec(cols)
    for f in FIELDS:
        assert spec[f.name]["help"] == f.help
        assert spec[f.name]["label"].startswith(f.label)


def test_table_shows_not_stated_never_blank_or_zero(df):
    shown = explore.display_table(df)
    no_limit = df.final_order_duration_status == "no_fixed_limit"
    assert (shown.loc[no_limit, "final_order_max_months"] == "No fixed limit").all()
    for name in explore.NUMERIC_FIELDS:
        missing = df[name].isna() & ~(no_limit if name == "final_order_max_months" else False)
        assert (shown.loc[missing, name] == "Not stated").all()
        assert not shown[name].isin(["", "nan", "<NA>", "None", "0"]).any()
        stated = df.loc[df[name].notna(), name].astype(float)
        # The words carry the coded number in the codebook's unit ("3 years (36 months)").
        for value, words in zip(stated, shown.loc[df[name].notna(), name], strict=True):
            unit = FIELDS_BY_NAME[name].unit
            coded = f"${int(value):,}" if unit == "USD" else f"{value:g} {unit}"
            assert coded.rstrip("s") in words, (name, value, words)
    ext = shown["final_order_extendable"]
    assert (ext == "Not stated").sum() == df.final_order_extendable.isna().sum()
    assert set(shown["fees_waived"]) <= {"Yes", "Conditional", "No", "Not stated"}
    empty_cells = (df[list(CELL_FIELDS)] == "").sum().sum()
    assert (shown[list(CELL_FIELDS)] == "(empty cell)").sum().sum() == empty_cells


def test_table_rows_adds_the_cells_the_search_found(df):
    filters = explore.Filters(text="registry")
    mask = explore.match_mask(df, filters)
    rows = explore.table_rows(explore.display_table(df), mask, explore.text_hits(df, "registry"))
    assert list(rows.columns)[0] == "search_hits"
    assert len(rows) == mask.sum()
    for name, found in zip(rows.state_name, rows.search_hits, strict=True):
        row = df[df.state_name == name].iloc[0]
        for c in CELL_FIELDS:
            assert (CELL_HEADERS[c] in found) == ("registry" in row[c].lower())


# ----------------------------------------------------------------------------- evidence


def test_highlight_escapes_and_marks():
    out = markup.mark_text("a <b>Court</b> court", ["court"], case_sensitive=False)
    assert out == "a &lt;b&gt;<mark>Court</mark>&lt;/b&gt; <mark>court</mark>"
    assert markup.mark_text("x y x", ["x"], first_only=True) == "<mark>x</mark> y x"
    assert '<mark title="A &amp; B">' in markup.mark_text("abc", ["b"], titles=["A & B"])
    assert "empty cell" in markup.mark_text("", ["x"])


def test_evidence_items_put_filtered_fields_first(df, evidence):
    groups = explore.evidence_items(df, evidence, "MS", ("fees_waived",))
    title, items = groups[0]
    assert title == "Fields you filtered on" and [i.field for i in items] == ["fees_waived"]
    ev = evidence[(evidence.state_code == "MS") & (evidence.field == "fees_waived")].iloc[0]
    assert "<mark>" + ev.evidence.replace("&", "&amp;") in items[0].evidence_html
    html = explore.evidence_table_html(items)
    assert "Fees waived" in html and "<mark>" in html
    every = {i.field for _, its in groups[1:] for i in its}
    assert every == {f.name for f in FIELDS if f.coded}


def test_search_cells_html_marks_the_search_text(df):
    code = next(
        c
        for c, t in zip(df.state_code, df.transmission_text, strict=True)
        if "registry" in t.lower()
    )
    cells = explore.search_cells_html(df, explore.Filters(text="REGISTRY"), code)
    assert cells
    assert all(re.search(r"<mark>registry</mark>", h, re.IGNORECASE) for _, h in cells)


def test_map_subtitle_is_short_and_safe_for_plotly():
    f = explore.Filters(
        ranges={"emergency_order_max_days": (0, 14)},
        choices={n: ("yes",) for n in explore.BOOL_FIELDS[:6]},
        text='<b>"registry"</b>',
    )
    sub = explore.map_subtitle(f)
    assert len(sub) <= 100
    assert "<b>" not in sub and "&quot;" not in sub
    assert sub.endswith("more")
    assert explore.map_subtitle(explore.Filters()).startswith("No filters")


def test_filters_html_escapes_the_visitors_text():
    out = explore.filters_html(explore.Filters(text="<img src=x onerror=alert(1)>"))
    assert "<img" not in out and "&lt;img" in out


# ----------------------------------------------------------------------------- compare


def test_compare_selection_limits():
    assert compare.compare_selection(["MS", "AL"]) == (["MS", "AL"], None)
    codes, msg = compare.compare_selection(["MS"])
    assert codes == ["MS"] and "at least 2" in msg
    codes, msg = compare.compare_selection(list(STATE_NAMES)[:8])
    assert codes == list(STATE_NAMES)[:6] and "up to 6" in msg
    assert compare.compare_selection(["MS", "XX", "MS", "TN"])[0] == ["MS", "TN"]


def raw_differs(df: pd.DataFrame, codes: list[str]) -> set[str]:
    """Fields whose coded values differ; a false read from an empty cell (not stated)
    differs from a false read from a cell that does not name the item."""
    sub = df.set_index("state_code").loc[codes]

    def key(f, c):
        v = sub.loc[c, f.name]
        if pd.isna(v):
            return "NA"
        if (
            f.dtype == "bool"
            and not v
            and sub.loc[c, f.source_cell] == ""
            and f.false_text != "Not stated"
        ):
            return "empty"
        return str(v)

    return {f.name for f in FIELDS if f.coded and len({key(f, c) for c in codes}) > 1}


@pytest.mark.parametrize("codes", [["MS", "AL", "TN"], ["CA", "NY"], ["AL", "AK", "AZ", "AR"]])
def test_compare_marks_exactly_the_differing_fields(df, codes):
    expected = {FIELDS_BY_NAME[n].label for n in raw_differs(df, codes)}
    groups = compare.compare_groups(df, codes)
    marked = {lab for _, t in groups for lab, d in zip(t.Field, t.Differs, strict=True) if d}
    assert marked == expected
    assert compare.count_differences(df, codes) == (len(expected), 35)
    only = compare.compare_groups(df, codes, only_differences=True)
    assert {lab for _, t in only for lab in t.Field} == expected
    for _, t in groups:
        assert list(t.columns) == ["Field", *[f"{STATE_NAMES[c]} ({c})" for c in codes], "Differs"]


def test_compare_sections_follow_the_profile_order(df):
    titles = [t for t, _ in compare.compare_groups(df, ["MS", "AL"])]
    assert titles[0] == "Order duration" and titles[-1] == "Statute"


def test_compare_html_shades_differing_rows(df, evidence):
    differ, total, sections = compare.compare_view(df, evidence, ["MS", "AL", "TN"])
    shaded = sum(s.table_html.count(f"style='{compare.DIFF_STYLE}'") for s in sections)
    assert shaded == differ == len(raw_differs(df, ["MS", "AL", "TN"]))
    assert sum(s.rows for s in sections) == total
    # Every section's source cells, per state, with that state's evidence marked.
    dur = next(s for s in sections if s.title == "Order duration")
    assert [c[0] for c in dur.cells] == ["Mississippi (MS)", "Alabama (AL)", "Tennessee (TN)"]
    ev = evidence[
        (evidence.state_code == "MS")
        & (evidence.source_cell == "duration_text")
        & (evidence.evidence != "")
    ]
    for phrase in ev.evidence:
        assert phrase in re.sub(r"<[^>]+>", "", dur.cells[0][2])
    assert "<mark" in dur.cells[0][2]


# ----------------------------------------------------------------------------- AppTest


def explore_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page("pages/explore.py").run()
    return at


def results_table(at: AppTest) -> pd.DataFrame:
    (table,) = [t for t in html_tables(at) if " matching jurisdictions" in t.attrs["caption"]]
    return table


def test_the_results_table_shows_what_the_filters_are_about():
    assert explore.result_columns(explore.Filters()) == [
        "state_name",
        *[n for n in explore.table_columns() if n in explore.KEY_FIELDS],
    ]
    both = explore.Filters(
        ranges={"violation_max_jail_days": (0, 365)}, choices={"fees_waived": ("yes",)}
    )
    # In the table's column order (the codebook's), whatever order the filters came in.
    assert explore.result_columns(both) == [
        "state_name",
        "violation_max_jail_days",
        "fees_waived",
    ]
    searched = explore.Filters(text="registry")
    assert explore.result_columns(searched)[:2] == ["state_name", "search_hits"]
    assert set(explore.result_columns(searched)) >= set(explore.KEY_FIELDS)
    many = explore.Filters(choices={n: ("yes",) for n in explore.FILTER_FIELDS})
    assert len(explore.result_columns(many)) == 1 + explore.MAX_RESULT_FIELDS


def open_group(at: AppTest, field: str) -> AppTest:
    """Open the filter panel that holds `field` (as a click on its title does) and rerun."""
    i = next(i for i, (_t, names) in enumerate(explore.filter_groups()) if field in names)
    at.session_state[f"explore_group_{i}"] = True
    return at.run()


def filter_widgets(at: AppTest) -> int:
    return sum(len(at.get(k)) for k in ("slider", "multiselect", "button_group"))


def qp(at: AppTest, name: str) -> str | None:
    """A query parameter of the app's URL after the run."""
    v = at.query_params.get(name)
    return v[-1] if isinstance(v, list) else v


def headline(at: AppTest) -> str:
    return next(s.value for s in at.header if " of 51 match" in s.value)


def all_html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_explore_page_default(df):
    at = explore_app()
    assert not at.exception
    assert headline(at) == "51 of 51 match"
    assert not at.warning
    # The results to read: an HTML table of every jurisdiction with the key fields.
    table = results_table(at)
    assert table.attrs["caption"] == "The 51 matching jurisdictions: key fields"
    assert list(table["State"]) == list(df.state_name)
    assert "Final order: maximum term" in table.columns
    row = df.set_index("state_code").loc["AK"].to_dict()
    ak = table[table["State"] == "Alaska"].iloc[0]
    assert ak["Final order: maximum term"] == display.value_text("final_order_max_months", row)
    # The full grid is drawn only once its panel is opened.
    assert not at.dataframe
    at.session_state["explore_grid_open"] = True
    at.run()
    assert len(at.dataframe[0].value) == N
    assert list(at.dataframe[0].value.columns)[:1] == ["state_name"]


def test_explore_page_restores_filters_from_the_url(df):
    expected = codes_where(df, (df.final_order_max_months >= 24) & (df.fees_waived == "yes"))
    at = explore_app(final_order_max_months="24-60", fees_waived="yes")
    assert not at.exception
    assert headline(at) == f"{len(expected)} of 51 match"
    table = results_table(at)
    assert set(table["State"]) == {STATE_NAMES[c] for c in expected}
    # The columns are what the filters are about.
    assert list(table.columns) == ["State", "Final order: maximum term", "Fees waived"]
    assert at.multiselect(key="explore_fees_waived").value == ["yes"]
    assert at.slider(key="explore_final_order_max_months").value == (24.0, 60.0)
    assert qp(at, "fees_waived") == "yes"
    assert qp(at, "final_order_max_months") == "24-60"


def test_explore_page_search_and_evidence(df):
    expected = {
        c
        for c, t in zip(df.state_code, df.transmission_text, strict=True)
        if "registry" in t.lower()
    }
    at = explore_app(q="registry", q_cells="transmission_text", state="MS")
    assert not at.exception
    assert headline(at) == f"{len(expected)} of 51 match"
    assert at.text_input(key="explore_q").value == "registry"
    table = results_table(at)
    assert set(table["Search found in"]) == {CELL_HEADERS["transmission_text"]}
    assert any("Mississippi: every value" in s.value for s in at.header)
    html = all_html(at)
    assert "evidence-table" in html and "<mark>" in html


def test_explore_page_malformed_params_give_a_notice_not_an_error():
    at = explore_app(final_order_max_months="lots", fees_waived="maybe", state="ZZ", x="<script>")
    assert not at.exception
    notices = " ".join(i.value for i in at.info)
    assert "final_order_max_months" in notices and "fees_waived" in notices
    assert "<script>" not in notices
    assert headline(at) == "51 of 51 match"
    assert "fees_waived" not in at.query_params


def test_explore_page_no_match_explains(df):
    at = explore_app(final_order_max_months="48-48", fees_waived="no")
    assert not at.exception
    assert headline(at) == "0 of 51 match"
    assert at.warning and "No jurisdiction" in at.warning[0].value
    counts = next(t for t in html_tables(at) if t.attrs["caption"] == "Each filter on its own")
    assert list(counts.iloc[:, 1]) == [
        str(int((df.final_order_max_months == 48).sum())),
        str(int((df.fees_waived == "no").sum())),
    ]


def test_explore_page_widget_changes_update_count_and_url(df):
    at = explore_app()
    open_group(at, "fees_waived")
    at.multiselect(key="explore_fees_waived").set_value(["no", "not_stated"]).run()
    expected = codes_where(df, df.fees_waived.isin(["no", "not_stated"]))
    assert headline(at) == f"{len(expected)} of 51 match"
    assert qp(at, "fees_waived") == "no,not_stated"
    open_group(at, "statewide_registry")
    at.pills(key="explore_statewide_registry").set_value(["yes"]).run()
    expected &= codes_where(df, df.statewide_registry)
    assert headline(at) == f"{len(expected)} of 51 match"
    at.button(key="explore_reset").click().run()
    assert headline(at) == "51 of 51 match"
    assert "fees_waived" not in at.query_params


def test_a_filter_panel_builds_its_widgets_only_when_open_and_keeps_its_filters_closed(df):
    at = explore_app()
    assert filter_widgets(at) == 1  # "Search only in"; every panel closed
    open_group(at, "fees_waived")
    i = next(i for i, (_t, n) in enumerate(explore.filter_groups()) if "fees_waived" in n)
    in_panel = len(explore.filter_groups()[i][1])
    assert filter_widgets(at) == 1 + in_panel
    at.multiselect(key="explore_fees_waived").set_value(["yes"]).run()
    expected = codes_where(df, df.fees_waived == "yes")
    assert headline(at) == f"{len(expected)} of 51 match"
    # Closed again: the widgets go, the filter stays (count, URL, summary).
    at.session_state[f"explore_group_{i}"] = False
    at.run()
    assert filter_widgets(at) == 1
    assert headline(at) == f"{len(expected)} of 51 match"
    assert qp(at, "fees_waived") == "yes"
    at.run()  # and on the run after that
    assert headline(at) == f"{len(expected)} of 51 match"
    # Opened again, the widget shows the value it had.
    open_group(at, "fees_waived")
    assert at.multiselect(key="explore_fees_waived").value == ["yes"]


def test_a_link_opens_the_panels_of_the_filters_it_sets():
    at = explore_app(fees_waived="yes")
    assert at.multiselect(key="explore_fees_waived").value == ["yes"]
    assert not at.get("slider")  # the duration panel stays closed


def test_explore_page_evidence_picker():
    at = explore_app()
    at.selectbox(key="explore_state").set_value("TN").run()
    assert not at.exception
    assert any(s.value.startswith("Tennessee: every value") for s in at.header)
    assert qp(at, "state") == "TN"


def compare_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page("pages/compare.py").run()
    return at


def test_compare_page_default(df):
    at = compare_app()
    assert not at.exception
    assert at.multiselect(key="compare_states").value == ["MS", "AL", "TN"]
    html = all_html(at)
    for name in ("Mississippi (MS)", "Alabama (AL)", "Tennessee (TN)"):
        assert name in html
    differ = len(raw_differs(df, ["MS", "AL", "TN"]))
    assert html.count("class='differs'") == differ
    assert any(f"differ on {differ} of 35" in m.value for m in at.markdown)
    assert len(at.expander) == 8
    # Each section's source cells: one piece of HTML, a block per state and cell, the
    # words behind the values marked.
    for exp in at.expander:
        (cells,) = exp.get("html")
        assert cells.proto.body.count("<div><b>") == 3 * cells.proto.body.count("(MS)")
        assert all(f"({c})" in cells.proto.body for c in ("MS", "AL", "TN"))
    assert sum("<mark" in e.get("html")[0].proto.body for e in at.expander) >= 6


def test_compare_page_only_differences_from_url(df):
    at = compare_app(states="CA,NY", only_differences="true")
    assert not at.exception
    assert at.toggle(key="compare_only_differences").value is True
    html = all_html(at)
    assert "class='same'" not in html
    assert html.count("class='differs'") == len(raw_differs(df, ["CA", "NY"]))


def test_compare_page_limits_and_bad_params():
    at = compare_app(states="MS")
    assert not at.exception
    assert at.warning and "at least 2" in at.warning[0].value
    at = compare_app(states=",".join(list(STATE_NAMES)[:8]))
    assert not at.exception
    assert any("up to 6" in i.value for i in at.info)
    assert at.multiselect(key="compare_states").value == list(STATE_NAMES)[:6]
    at = compare_app(states="ZZ,<b>", only_differences="perhaps")
    assert not at.exception
    assert len(at.info) == 2
    assert at.multiselect(key="compare_states").value == ["MS", "AL", "TN"]


def test_compare_page_widget_change_updates_url():
    at = compare_app()
    at.multiselect(key="compare_states").set_value(["TX", "OK"]).run()
    assert not at.exception
    assert qp(at, "states") == "TX,OK"
    at.toggle(key="compare_only_differences").set_value(True).run()
    assert qp(at, "only_differences") == "true"
    html = all_html(at)
    assert "Texas (TX)" in html and "Mississippi (MS)" not in html


def test_the_evidence_picker_lists_the_matching_jurisdictions_first(df):
    filters = explore.filters_from_values({"fees_waived": ["conditional"]})
    codes = list(df.loc[explore.match_mask(df, filters), "state_code"])
    options = explore.evidence_options(codes)
    assert sorted(options) == sorted(STATE_NAMES) and options[: len(codes)] == codes
    other = options[len(codes)]
    assert explore.evidence_option_label(set(codes), other).endswith("does not match")
    assert explore.evidence_option_label(set(codes), codes[0]) == (
        f"{STATE_NAMES[codes[0]]} ({codes[0]})"
    )


def test_the_current_view_files_name_and_record_their_filters(df):
    values = {"fees_waived": ["yes"], "q": "registry", "final_order_max_months": (24, 60)}
    filters = explore.filters_from_values(values)
    name = explore.view_file_name(filters)
    assert name == "explore_final-order-max-months-24-60_fees-waived-yes_q-registry"
    assert explore.view_file_name(explore.Filters()) == "explore_all"
    many = explore.filters_from_values({f: ["yes"] for f in explore.BOOL_FIELDS})
    assert len(explore.view_file_name(many)) <= 120
    assert explore.view_file_name(many) != explore.view_file_name(
        explore.filters_from_values({f: ["yes"] for f in explore.BOOL_FIELDS[:-1]})
    )
    lines = explore.describe(filters)
    matched = df[explore.match_mask(df, filters)]
    book = load_workbook(
        io.BytesIO(tables.workbook(matched, load.load_evidence(), "u", view_lines=lines))
    )
    assert book.sheetnames[0] == "this view"
    sheet = [c.value for c in book["this view"]["A"]]
    assert all(line in sheet for line in lines) and "Link to this view: u" in sheet
    side = json.loads(tables.view_sidecar(f"{name}.csv", lines, "u"))
    assert side["file"] == f"{name}.csv" and side["view"] == lines and side["link"] == "u"
    # The file stands alone: title, version (as pyproject.toml states it), source, date.
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert side["version"] == version and f"version {version}" in side["how_to_cite"]
    assert side["source"].startswith('"Table 32: Protective Orders" (undated')
    assert side["title"] and side["exported"] and "not current law" in side["as_of"]
