"""Topic charts and metrics (duration, penalties, transmission), and their pages (AppTest).

Expected numbers are counted here from the dataset or read from the codebook
(analysis/schema.py), never taken from the functions under test.
"""

from __future__ import annotations

import html
import json
import math
import pickle
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core import display
from analysis.core.schema import (
    FIELDS_BY_NAME,
    OFFENSE_LEVEL_CODES,
    STATE_NAMES,
    TRANSMISSION_CODES,
    code_label,
)
from analysis.facts import load, metrics
from analysis.figures import topics
from analysis.figures.registry import all_charts
from tests.conftest import bar_html, html_tables, map_html, preformatted, run_page

TOPIC_CHARTS = (
    "duration_distribution",
    "emergency_terms",
    "minimum_terms",
    "duration_flags",
    "penalty_jail",
    "penalty_fine",
    "offense_level",
    "penalty_flags",
    "severity_index",
    "transmission_deadlines",
    "registry",
)
UNIT_CHARTS = {  # chart -> (field, source cell)
    "duration_distribution": ("final_order_max_months", "duration_text"),
    "emergency_terms": ("emergency_order_max_days", "duration_text"),
    "minimum_terms": ("final_order_min_months", "duration_text"),
    "penalty_jail": ("violation_max_jail_days", "penalty_text"),
    "penalty_fine": ("violation_max_fine_usd", "penalty_text"),
    "offense_level": ("violation_offense_level", "penalty_text"),
    "transmission_deadlines": ("transmission_deadline", "transmission_text"),
}
FLAG_CHARTS = {
    "duration_flags": (("final_order_extendable", "indefinite_order_possible"), "duration_text"),
    "penalty_flags": (("mandatory_min_jail", "repeat_violation_felony"), "penalty_text"),
    "registry": (("statewide_registry",), "transmission_text"),
}
ALL_ONES = {f: 1 for f in metrics.SEVERITY_FIELDS}


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


@pytest.fixture(scope="module")
def figs(df) -> dict[str, go.Figure]:
    charts = all_charts()
    return {name: charts[name][1](df) for name in TOPIC_CHARTS}


def blocks(fig: go.Figure) -> dict[str, list[tuple[str, str]]]:
    """state code -> [(row label, hover text)] for every bar block of a figure."""
    out: dict[str, list[tuple[str, str]]] = {}
    for t in fig.data:
        if t.type != "bar" or t.customdata is None:
            continue
        for code, y, hover in zip(t.customdata, t.y, t.hovertext, strict=True):
            if code is not None:
                out.setdefault(code, []).append((y, hover))
    return out


def plain(text: str) -> str:
    """Hover text as a reader sees it: tags and line breaks gone, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


# --- every chart --------------------------------------------------------------------------


def test_every_topic_chart_is_registered_and_valid_plotly(figs):
    charts = all_charts()
    for name in TOPIC_CHARTS:
        assert name in charts, name
        fig = figs[name]
        go.Figure(fig.to_dict())  # plotly's own validators: raises on any bad property
        title = fig.layout.title.text
        assert title and "Source: Table 32" in json.dumps(fig.layout.to_plotly_json())


def test_cached_copies_are_the_same_chart_to_streamlit(figs, df):
    # st.cache_data returns an unpickled copy on later runs; Streamlit identifies a chart
    # by its JSON, so a copy that serialises differently loses the user's click.
    for name in TOPIC_CHARTS:
        copy = pickle.loads(pickle.dumps(figs[name]))
        assert copy.to_json() == figs[name].to_json(), name
    fresh = all_charts()["transmission_map"][1](df)
    again = pickle.loads(pickle.dumps(fresh))
    assert topics.stable(fresh).to_json() == topics.stable(again).to_json()


def test_value_axes_are_categories_so_dollar_labels_stay_labels(figs):
    # Plotly reads "$1,000" as the number 1000 on an auto-typed axis, which scattered the
    # fine chart's blocks along a numeric axis.
    for name in TOPIC_CHARTS:
        assert figs[name].layout.yaxis.type == "category", name
    fine_rows = list(figs["penalty_fine"].layout.yaxis.categoryarray)
    assert all(r.startswith("$") for r in fine_rows[1:])  # top row is "Not stated"


@pytest.mark.parametrize("name", list(UNIT_CHARTS))
def test_unit_chart_has_one_block_per_jurisdiction_and_the_right_rows(figs, df, name):
    field, _ = UNIT_CHARTS[name]
    b = blocks(figs[name])
    assert sorted(b) == sorted(df.state_code)
    assert all(len(v) == 1 for v in b.values())
    row_of = {c: v[0][0] for c, v in b.items()}
    values = df.set_index("state_code")[field]
    if name == "duration_distribution":
        status = df.set_index("state_code")["final_order_duration_status"]
        key = {
            c: (status[c], None if status[c] != "fixed" else float(values[c])) for c in values.index
        }
    else:
        key = {c: None if pd.isna(v) else v for c, v in values.items()}
    # Two jurisdictions share a row exactly when they share a value.
    for a in df.state_code:
        for c in df.state_code:
            assert (row_of[a] == row_of[c]) == (key[a] == key[c]), (name, a, c)
    rows = list(figs[name].layout.yaxis.categoryarray)
    if name == "offense_level":
        expected_rows = len(OFFENSE_LEVEL_CODES)  # every code, even one nobody has
    elif name == "transmission_deadlines":
        expected_rows = len(TRANSMISSION_CODES)
    elif name == "duration_distribution":
        fixed = df[df.final_order_duration_status == "fixed"]
        expected_rows = fixed.final_order_max_months.nunique() + 2  # + no limit, not stated
    else:
        expected_rows = values.dropna().nunique() + 1  # + Not stated
    assert len(rows) == expected_rows


@pytest.mark.parametrize("name", list(UNIT_CHARTS))
def test_not_stated_row_holds_exactly_the_null_values(figs, df, name):
    field, _ = UNIT_CHARTS[name]
    b = blocks(figs[name])
    if name == "duration_distribution":
        gap = set(df.loc[df.final_order_duration_status == "not_stated", "state_code"])
        label = "Not stated"
    elif name == "offense_level":
        gap = set(df.loc[df.violation_offense_level == "not_stated", "state_code"])
        label = code_label("not_stated")
    elif name == "transmission_deadlines":
        gap = set(df.loc[df.transmission_deadline == "not_specified", "state_code"])
        label = code_label("not_specified")
    else:
        gap = set(df.loc[df[field].isna(), "state_code"])
        label = "Not stated"
    assert {c for c, v in b.items() if v[0][0] == label} == gap
    # The gap row is hatched: a non-colour cue.
    trace = next(t for t in figs[name].data if t.y and t.y[0] == label)
    assert trace.marker.pattern.shape == "/"
    # Its count label shows the same number.
    ann = [a for a in figs[name].layout.annotations if a.y == label]
    assert ann and f">{len(gap)}<" in ann[0].text


def test_transmission_rows_follow_the_codebook_order(figs):
    rows = list(figs["transmission_deadlines"].layout.yaxis.categoryarray)[::-1]
    assert rows == [code_label(c) for c in TRANSMISSION_CODES]
    offence = list(figs["offense_level"].layout.yaxis.categoryarray)[::-1]
    assert offence == [code_label(c) for c in OFFENSE_LEVEL_CODES]


def test_duration_rows_are_in_increasing_order_then_gaps(figs, df):
    rows = list(figs["duration_distribution"].layout.yaxis.categoryarray)[::-1]
    assert rows[-2:] == ["No fixed limit", "Not stated"]
    by_row = {}
    for code, v in blocks(figs["duration_distribution"]).items():
        by_row.setdefault(v[0][0], set()).add(code)
    months = df.set_index("state_code").final_order_max_months
    firsts = [months[sorted(by_row[r])[0]] for r in rows[:-2]]
    assert firsts == sorted(firsts)
    nolimit = set(df.loc[df.final_order_duration_status == "no_fixed_limit", "state_code"])
    assert by_row["No fixed limit"] == nolimit


@pytest.mark.parametrize("name", list(UNIT_CHARTS) + list(FLAG_CHARTS))
def test_hover_carries_the_state_and_its_source_cell(figs, df, name):
    source = UNIT_CHARTS[name][1] if name in UNIT_CHARTS else FLAG_CHARTS[name][1]
    cells = df.set_index("state_code")[source]
    for code, entries in blocks(figs[name]).items():
        for _, hover in entries:
            text = plain(hover)
            assert STATE_NAMES[code] in text
            cell = " ".join(cells[code].split())
            assert (cell[:60] in text) if cell else ("(empty cell)" in text), (name, code)


@pytest.mark.parametrize("name", list(FLAG_CHARTS))
def test_flag_rows_count_yes_no_and_not_stated(figs, df, name):
    fields, _ = FLAG_CHARTS[name]
    fig = figs[name]
    rows = list(fig.layout.yaxis.categoryarray)
    assert len(rows) == len(fields)
    for field, row in zip(fields, rows[::-1], strict=True):  # first field on top
        got: dict[str, set[str]] = {}
        for t in fig.data:
            for code, y in zip(t.customdata, t.y, strict=True):
                if code is not None and y == row:
                    got.setdefault(t.name, set()).add(code)
        by = df.set_index("state_code")
        col, cell = by[field], by[FIELDS_BY_NAME[field].source_cell]
        silent = FIELDS_BY_NAME[field].false_text  # what the cell's silence reads as
        false = col.notna() & (col == False)  # noqa: E712
        assert silent != "No" or not false.any()  # never a bare "No" for silence
        expected = {
            "Yes": set(col[col.notna() & (col == True)].index),  # noqa: E712
            silent: set(col[false & (cell != "")].index),
        }
        # An empty cell, or a null, is "Not stated".
        expected.setdefault("Not stated", set())
        expected["Not stated"] |= set(col[col.isna() | (false & (cell == ""))].index)
        expected = {k: v for k, v in expected.items() if v}
        assert {k: v for k, v in got.items() if v} == expected
        assert sum(len(v) for v in got.values()) == len(df)
        assert f"Yes {len(got.get('Yes', ()))}" in row  # the row label states its counts


def test_flag_charts_never_say_a_bare_no_for_silence(figs, df):
    names = [t.name for t in figs["duration_flags"].data]
    assert "Not stated" in names  # extendable is nullable
    assert df.final_order_extendable.isna().sum() > 0
    for name in FLAG_CHARTS:
        assert "No" not in [t.name for t in figs[name].data], name  # no false is explicit
    assert [t.name for t in figs["registry"].data] == ["Yes", "Not named", "Not stated"]


def test_highlight_outlines_the_block_of_the_chosen_state(figs, df):
    for name in UNIT_CHARTS:
        fig = topics.highlight(figs[name], "MS")
        shapes = [s for s in fig.layout.shapes if s.name == "highlight MS"]
        assert len(shapes) == 1, name
        s = shapes[0]
        row = blocks(fig)["MS"][0][0]
        order = list(fig.layout.yaxis.categoryarray)
        assert s.y0 < order.index(row) < s.y1
        # Blocks before MS in its row: the jurisdictions with its value earlier in source order.
        same_row = [c for c, v in blocks(fig).items() if v[0][0] == row]
        before = sum(
            1
            for c in same_row
            if df.set_index("state_code").source_row[c]
            < df.set_index("state_code").source_row["MS"]
        )
        assert (s.x0, s.x1) == (before, before + 1), name
    fig = topics.highlight(figs["penalty_flags"], "MS")
    assert len([s for s in fig.layout.shapes if s.name == "highlight MS"]) == 2
    untouched = topics.highlight(figs["penalty_jail"], None)
    assert not untouched.layout.shapes
    index = topics.highlight(figs["severity_index"], "TX")
    assert len([s for s in index.layout.shapes if s.name == "highlight TX"]) == 1


def test_highlight_never_changes_the_cached_figure(figs):
    # Cached figures are shared between sessions: one visitor's highlight must not leak.
    for name in TOPIC_CHARTS:
        before = figs[name].to_json()
        out = topics.highlight(figs[name], "MS")
        assert out is not figs[name]
        assert figs[name].to_json() == before, name
        assert not [s for s in figs[name].layout.shapes if s.name]


# --- severity index -----------------------------------------------------------------------


def index_of(fig: go.Figure) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for t in fig.data:
        for i, code in enumerate(t.customdata or []):
            if code is None:
                continue
            out[code] = None if t.type == "scatter" else float(t.x[i])
    return out


def test_severity_chart_covers_every_jurisdiction_and_labels_its_title(figs, df):
    fig = figs["severity_index"]
    got = index_of(fig)
    assert sorted(got) == sorted(df.state_code)
    assert fig.layout.title.text.startswith("<b>Your severity index (your weights)</b>")
    # Iowa's penalty cell is empty: no component is stated, so no index.
    empty = set(df.loc[df.penalty_text == "", "state_code"])
    assert empty and {c for c, v in got.items() if v is None} == empty
    hover = {c: h for t in fig.data for c, h in zip(t.customdata, t.hovertext, strict=True)}
    assert "Not stated" in plain(hover["IA"])


def test_severity_with_only_jail_is_jail_over_the_longest_term(df):
    w = {f: 0 for f in metrics.SEVERITY_FIELDS} | {"violation_max_jail_days": 1}
    got = index_of(topics.severity_index_chart(df, w, "skip"))
    jail = df.set_index("state_code").violation_max_jail_days
    longest = jail.max()
    for code, v in jail.items():
        if pd.isna(v):
            assert got[code] is None
        else:
            assert got[code] == pytest.approx(100 * v / longest)


def test_severity_with_only_repeat_felony_is_0_or_100(df):
    w = {f: 0 for f in metrics.SEVERITY_FIELDS} | {"repeat_violation_felony": 3}
    idx = metrics.severity_index(df, w, "skip").set_index("state_code")["index"]
    for r in df.itertuples():
        if r.penalty_text == "":
            assert math.isnan(idx[r.state_code])
        else:
            assert idx[r.state_code] == (100.0 if r.repeat_violation_felony else 0.0)


def test_severity_missing_modes_differ_exactly_as_documented(df):
    w = {f: 0 for f in metrics.SEVERITY_FIELDS}
    w |= {"violation_max_jail_days": 1, "violation_max_fine_usd": 1}
    skip = metrics.severity_index(df, w, "skip").set_index("state_code")
    zero = metrics.severity_index(df, w, "zero").set_index("state_code")
    jail = df.set_index("state_code").violation_max_jail_days.astype(float)
    fine = df.set_index("state_code").violation_max_fine_usd.astype(float)
    j, f = jail / jail.max(), fine / fine.max()
    for code in df.state_code:
        if pd.notna(j[code]) and pd.isna(f[code]):  # e.g. a jail term but no fine
            assert skip.loc[code, "index"] == pytest.approx(100 * j[code])
            assert zero.loc[code, "index"] == pytest.approx(50 * j[code])
            assert skip.loc[code, "components_stated"] == 1
        if pd.notna(j[code]) and pd.notna(f[code]):
            expected = 50 * (j[code] + f[code])
            assert skip.loc[code, "index"] == pytest.approx(expected)
            assert zero.loc[code, "index"] == pytest.approx(expected)
    assert (jail.notna() & fine.isna()).any()


def test_severity_scaling_all_weights_changes_nothing_and_zero_weights_give_no_index(df):
    a = metrics.severity_index(df, ALL_ONES, "skip")["index"]
    b = metrics.severity_index(df, {f: 4 for f in ALL_ONES}, "skip")["index"]
    pd.testing.assert_series_equal(a, b)
    none = metrics.severity_index(df, {f: 0 for f in ALL_ONES}, "skip")
    assert none["index"].isna().all()
    fig = topics.severity_index_chart(df, {f: 0 for f in ALL_ONES})
    assert any("Every weight is 0" in (a.text or "") for a in fig.layout.annotations)


def test_severity_formula_shows_the_weights_and_the_missing_rule():
    w = dict(ALL_ONES) | {"violation_max_fine_usd": 7}
    skip = metrics.severity_formula(w, "skip")
    assert "7 x fine" in skip and "1 x jail" in skip and "states" in skip
    zero = metrics.severity_formula(w, "zero")
    assert f"/ {7 + 4}\n" in zero and "0-to-1 scores" in zero
    with pytest.raises(ValueError):
        metrics.severity_index(pd.DataFrame(), w, "guess")


def test_severity_table_reads_not_stated_and_sorts_as_numbers(df):
    t = metrics.severity_table(df, ALL_ONES, "skip")
    assert len(t) == len(df)
    assert t["index"].iloc[-1] == "Not stated"
    numbers = [float(v) for v in t["index"] if v != "Not stated"]
    assert numbers == sorted(numbers, reverse=True)
    assert sorted(t["index"], reverse=True)[1:] == list(t["index"])[:-1]  # text order = number
    iowa = t[t.state == "Iowa"].iloc[0]
    assert iowa.components_stated == "0 of 5"


# --- metrics ------------------------------------------------------------------------------


def test_value_groups_counts_match_the_dataset(df):
    for field in (
        "emergency_order_max_days",
        "final_order_min_months",
        "violation_max_jail_days",
        "violation_max_fine_usd",
    ):
        groups = metrics.value_groups(df, field)
        counts = df[field].dropna().astype(float).value_counts()
        assert [g.count for g in groups[:-1]] == [counts[v] for v in sorted(counts.index)]
        assert groups[-1].label == "Not stated" and groups[-1].not_stated
        assert groups[-1].count == int(df[field].isna().sum())
        assert sum(g.count for g in groups) == len(df)


def test_cap_groups_agree_with_cap_counts_and_the_statuses(df):
    groups = metrics.cap_groups(df)
    counts = metrics.cap_counts(df)
    assert [g.count for g in groups] == list(counts.jurisdictions)
    assert groups[-1].count == (df.final_order_duration_status == "not_stated").sum()
    assert groups[-2].count == (df.final_order_duration_status == "no_fixed_limit").sum()


def test_code_groups_keep_empty_codes(df):
    groups = metrics.code_groups(df, "violation_offense_level", OFFENSE_LEVEL_CODES)
    assert [g.key for g in groups] == list(OFFENSE_LEVEL_CODES)
    felony = (df.violation_offense_level == "felony").sum()
    assert next(g for g in groups if g.key == "felony").count == felony
    t = metrics.groups_table(groups)
    assert "(none)" in list(t.states) or felony > 0


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (365, "1 year (365 days)"),
        (912, "2.5 years (912 days)"),
        (180, "6 months (180 days)"),
        (93, "93 days"),
        (30, "1 month (30 days)"),
        (None, "Not stated"),
        (pd.NA, "Not stated"),
    ],
)
def test_a_jail_term_no_one_stated_reads_in_the_codebook_units(days, text):
    """A bar or a scale end: its largest whole unit first (1 year = 365, 1 month = 30)."""
    assert display.quantity("violation_max_jail_days", days) == text


def test_duration_table_shows_not_stated_and_the_verbatim_cell(df):
    t = metrics.duration_table(df)
    assert len(t) == len(df)
    assert list(t.state) == list(df.state_name)
    for r, (_, d) in zip(t.itertuples(), df.iterrows(), strict=True):
        assert r.duration_text == (d.duration_text or "(empty cell)")
        if pd.isna(d.emergency_order_max_days):
            assert r.emergency == "Not stated"
        if pd.isna(d.final_order_extendable):
            assert r.extendable == "Not stated"
        if d.final_order_duration_status == "no_fixed_limit":
            assert r.cap == "No fixed limit"
        assert r.cap != "0 months"


def test_penalty_and_transmission_tables(df):
    p = metrics.penalty_table(df)
    assert (p.jail == "Not stated").sum() == df.violation_max_jail_days.isna().sum()
    assert (p.fine == "Not stated").sum() == df.violation_max_fine_usd.isna().sum()
    assert list(p.penalty_text) == [t or "(empty cell)" for t in df.penalty_text]
    t = metrics.transmission_table(df)
    assert len(t) == len(df)
    order = [code_label(c) for c in TRANSMISSION_CODES]
    assert [order.index(d) for d in t.deadline] == sorted(order.index(d) for d in t.deadline)
    only = metrics.transmission_table(df, ["immediate"])
    assert len(only) == (df.transmission_deadline == "immediate").sum()
    assert (t.registry == "Yes").sum() == df.statewide_registry.sum()


def test_small_helpers(df):
    assert metrics.empty_cell_states(df, "penalty_text") == list(
        df.loc[df.penalty_text == "", "state_name"]
    )
    vals = dict(
        metrics.field_values(df, "NJ", ("final_order_max_months", "emergency_order_max_days"))
    )
    assert set(vals.values()) == {"Not stated"}
    note = metrics.not_stated_note(metrics.cap_groups(df))
    assert note.startswith("Not stated (")
    for code in df.loc[df.final_order_duration_status == "not_stated", "state_code"]:
        assert code in note
    alt = metrics.groups_alt("X", metrics.cap_groups(df))
    assert alt.startswith("X. ") and "Not stated" in alt


# --- pages (AppTest) ----------------------------------------------------------------------


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [s.value for s in [*at.header, *at.subheader]]
    parts += [str(h.proto.body) for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def chart_titles(at: AppTest) -> list[str]:
    """The title (and subtitle) of each bar chart the page drew, as a reader sees them."""
    return [
        " ".join(html.unescape(t) for t in re.findall(r'class="po-chart-(?:title|sub)">([^<]*)', b))
        for b in bar_html(at)
    ]


def framed(markup: str) -> list[str]:
    """The jurisdictions a chart frames (the highlight ring)."""
    return re.findall(r'class="[^"]*\bpo-hl\b[^"]*" data-code="([A-Z]{2})"', markup)


def query(at: AppTest, key: str) -> str | None:
    v = at.query_params.get(key)
    return v[0] if isinstance(v, list) else v


def test_duration_page_default(df):
    at = run_page("pages/duration.py")
    assert not at.exception
    assert at.title[0].value.startswith("How long")
    titles = chart_titles(at)
    assert len(titles) == 4
    assert any("Maximum term of a final" in t for t in titles)
    assert any("Emergency" in t for t in titles)
    assert not at.dataframe  # every table of the page is HTML: no data grid to load
    table = next(t for t in html_tables(at) if "Duration (verbatim)" in t.columns)
    assert list(table.State) == list(df.state_name)
    assert set(df.duration_text[df.duration_text != ""]) <= set(table["Duration (verbatim)"])
    # Values read as the codebook's display: "Not stated", never empty or 0.
    cap = table["Final order: maximum term"].to_numpy()
    not_stated = (df.final_order_duration_status == "not_stated").to_numpy()
    assert not_stated.any() and list(cap[not_stated]) == ["Not stated"] * not_stated.sum()
    assert "" not in set(cap) and "0" not in set(cap)
    body = texts(at)
    for code in df.loc[df.final_order_duration_status == "not_stated", "state_code"]:
        assert code in body
    assert "not current law" in body
    assert not at.query_params.get("state")


def test_duration_page_highlights_a_state_from_the_url(df):
    at = run_page("pages/duration.py", state="ms")
    assert not at.exception
    assert at.selectbox(key="duration_state").value == "MS"
    body = texts(at)
    cell = df.set_index("state_code").duration_text["MS"]
    assert html.escape(cell) in body
    charts = bar_html(at)
    assert len(charts) == 4
    assert all("MS" in framed(c) and set(framed(c)) == {"MS"} for c in charts)
    assert query(at, "state") == "MS"


def test_duration_page_ignores_a_bad_state_with_a_notice():
    at = run_page("pages/duration.py", state="ZZ")
    assert not at.exception
    assert any("state" in i.value for i in at.info)
    assert at.selectbox(key="duration_state").value == ""


def test_duration_page_selecting_a_state_writes_the_url():
    at = run_page("pages/duration.py")
    at.selectbox(key="duration_state").set_value("OR").run()
    assert not at.exception
    assert query(at, "state") == "OR"


def test_penalties_page_default(df):
    at = run_page("pages/penalties.py")
    assert not at.exception
    titles = chart_titles(at)
    assert len(titles) == 5
    assert any(t.startswith("Your severity index (your weights)") for t in titles)
    assert [s.value for s in at.slider] == [1] * len(metrics.SEVERITY_FIELDS)
    assert at.radio(key="penalties_missing").value == "skip"
    formula = preformatted(at)[0]
    assert formula.startswith("index = 100 x (1 x jail")
    assert not at.dataframe
    table = next(
        t for t in html_tables(at) if "Penalty for a Violation of Order (verbatim)" in t.columns
    )
    assert list(table.State) == list(df.state_name)
    jail = table["Violation: maximum jail"]
    assert (jail == "Not stated").sum() == int(df.violation_max_jail_days.isna().sum())
    body = texts(at)
    n_jail_missing = int(df.violation_max_jail_days.isna().sum())
    assert f"Not stated ({n_jail_missing})" in body
    assert "Iowa" in body  # the empty penalty cell is named where not-stated handling is said
    assert not at.query_params.get("w_violation_max_jail_days")


def test_penalties_page_weights_and_missing_rule_from_the_url(df):
    at = run_page(
        "pages/penalties.py",
        w_violation_max_jail_days="5",
        w_repeat_violation_felony="0",
        missing="zero",
        state="TX",
    )
    assert not at.exception
    sliders = {s.label: s.value for s in at.slider}
    assert sliders["Maximum jail"] == 5
    assert sliders["Repeat violation can be a felony"] == 0
    assert at.radio(key="penalties_missing").value == "zero"
    assert "5 x jail" in preformatted(at)[0] and "0 x repeat_felony" in preformatted(at)[0]
    sev = next(b for b in bar_html(at) if "Your severity index" in b)
    assert "maximum jail 5" in next(t for t in chart_titles(at) if "Your severity" in t)
    assert framed(sev) == ["TX"]
    assert query(at, "w_violation_max_jail_days") == "5"
    assert query(at, "missing") == "zero"


def test_penalties_page_slider_change_goes_to_the_url():
    at = run_page("pages/penalties.py")
    at.slider(key="penalties_w_violation_max_fine_usd").set_value(8).run()
    assert not at.exception
    assert query(at, "w_violation_max_fine_usd") == "8"
    assert "8 x fine" in preformatted(at)[0]


def test_penalties_page_rejects_out_of_range_weights():
    at = run_page("pages/penalties.py", w_violation_max_fine_usd="99", missing="guess")
    assert not at.exception
    notices = " ".join(i.value for i in at.info)
    assert "w_violation_max_fine_usd" in notices and "missing" in notices
    assert at.slider(key="penalties_w_violation_max_fine_usd").value == 1


def transmission_cells(at):
    return next(
        t for t in html_tables(at) if "Transmission to Law Enforcement (verbatim)" in t.columns
    )


def test_transmission_page_default(df):
    at = run_page("pages/transmission.py")
    assert not at.exception
    assert len(bar_html(at)) == 2  # the deadlines and the registry
    (markup,) = map_html(at)
    assert len(re.findall(r'data-code="[A-Z]{2}"', markup)) == len(df)
    counts = next(t for t in html_tables(at) if "Deadline" in t.columns)
    assert list(counts.Deadline) == [code_label(c) for c in TRANSMISSION_CODES]
    assert list(counts.Jurisdictions) == [
        str(int((df.transmission_deadline == c).sum())) for c in TRANSMISSION_CODES
    ]
    assert not at.dataframe
    cells = transmission_cells(at)
    assert len(cells) == len(df)
    body = texts(at)
    for code in df.loc[df.statewide_registry, "state_code"]:
        assert code in body


def test_transmission_page_filter_from_the_url(df):
    at = run_page("pages/transmission.py", transmission_deadline="immediate,within_6h")
    assert not at.exception
    assert at.multiselect(key="transmission_filter").value == ["immediate", "within_6h"]
    cells = transmission_cells(at)
    chosen = df[df.transmission_deadline.isin(["immediate", "within_6h"])]
    assert sorted(cells.State) == sorted(chosen.state_name)
    assert set(cells["Transmission deadline"]) == {code_label("immediate"), code_label("within_6h")}
    assert query(at, "transmission_deadline") == "immediate,within_6h"


def test_transmission_page_bad_filter_is_ignored():
    at = run_page("pages/transmission.py", transmission_deadline="soon")
    assert not at.exception
    assert any("transmission_deadline" in i.value for i in at.info)
    assert len(transmission_cells(at)) == 51
