"""Explore & filter: every codebook field, filters that combine, a match map, the evidence."""

import functools

import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis.app import cache, downloads, widgets
from analysis.core.schema import CELL_FIELDS, CELL_HEADERS, FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import explore
from analysis.figures import maps

widgets.page_guard()

URL_KEY, STATE_KEY, TEXT_KEY = "_explore_url", "explore_state", "explore_q"
CELLS_KEY, NOT_STATED_KEY = "explore_q_cells", "explore_not_stated"
NO_LIMIT_KEY = "explore_no_fixed_limit"
GRID_KEY = "explore_grid_open"
GROUPS = explore.filter_groups()


def group_key(i: int) -> str:
    return f"explore_group_{i}"


def key(name: str) -> str:
    return f"explore_{name}"


# cache_resource: these are read, never changed, so no copy is made on each rerun; each is
# keyed on the data's version (cache.stamp), so a rebuilt dataset is never mixed with them.
@st.cache_resource(show_spinner=False, max_entries=256)
def match_figure(mask: tuple[bool, ...], subtitle: str, version: str):
    return maps.match_map(cache.dataset(), pd.Series(mask), subtitle)


@st.cache_resource(show_spinner=False, max_entries=4)
def full_display(version: str) -> pd.DataFrame:
    return explore.display_table(cache.dataset())


@st.cache_resource(show_spinner=False, max_entries=64)
def table_arrow(mask: tuple[bool, ...], text: str, cells: tuple[str, ...], version: str):
    """The grid's rows for one result as Arrow, converted once: given a DataFrame,
    st.dataframe converts it to Arrow on every run (about 10 ms for this table)."""
    return pa.Table.from_pandas(result_rows(mask, text, cells, version), preserve_index=False)


@st.cache_resource(show_spinner=False, max_entries=64)
def result_rows(mask: tuple[bool, ...], text: str, cells: tuple[str, ...], version: str):
    """The results table's rows (every column; the page shows some): one shared frame per
    result, so widgets.table writes its HTML once."""
    df = cache.dataset()
    hits = explore.text_hits(df, text, cells) if text else None
    return explore.table_rows(full_display(version), pd.Series(mask, index=df.index), hits)


@st.cache_resource(show_spinner=False, max_entries=256)
def state_evidence(code: str, first: tuple[str, ...], version: str):
    return explore.evidence_items(cache.dataset(), cache.evidence(), code, first)


@st.cache_resource(show_spinner=False, max_entries=4)
def range_specs(version: str) -> dict[str, explore.RangeSpec]:
    return {n: explore.range_spec(cache.dataset(), n) for n in explore.NUMERIC_FIELDS}


def slider_value(spec: explore.RangeSpec, rng: tuple[float, float]) -> tuple:
    cast = int if spec.integer else float
    return (cast(rng[0]), cast(rng[1]))


def set_widgets(filters: explore.Filters, state: str | None) -> None:
    """Put filters into the widgets' state (on opening a link, and on reset)."""
    for name, spec in range_specs(cache.stamp()).items():
        rng = filters.ranges.get(name, (spec.lo, spec.hi))
        st.session_state[key(name)] = slider_value(spec, explore.clamp_range(spec, rng))
    for name in explore.FILTER_FIELDS:
        if name not in explore.NUMERIC_FIELDS:
            st.session_state[key(name)] = list(filters.choices.get(name, ()))
    st.session_state[TEXT_KEY] = filters.text
    st.session_state[CELLS_KEY] = list(filters.text_cells)
    st.session_state[NOT_STATED_KEY] = "include" if filters.include_not_stated else "exclude"
    st.session_state[NO_LIMIT_KEY] = "include" if filters.include_no_limit else "exclude"
    st.session_state[STATE_KEY] = state


def reset() -> None:
    set_widgets(explore.Filters(), st.session_state.get(STATE_KEY))


# A filter group's widgets are built only while its panel is open (most visits open none:
# about 40 widgets the browser would otherwise draw, hidden). A closed panel's filters keep
# their values: re-set here, they are the app's own state, not a vanished widget's.
for _name in explore.FILTER_FIELDS:
    if key(_name) in st.session_state:
        st.session_state[key(_name)] = st.session_state[key(_name)]

df = cache.dataset()
specs = range_specs(cache.stamp())
st.title("Explore & filter")
st.markdown(
    "Filter the 51 jurisdictions on any field of the codebook. Filters combine: a "
    "jurisdiction must pass all of them."
)
widgets.caveat()

q = widgets.read_query(explore.PARAMS)
url_now = st.query_params.to_dict()
if st.session_state.get(URL_KEY) != url_now or TEXT_KEY not in st.session_state:
    link_filters = explore.filters_from_values(q)
    for name, rng in link_filters.ranges.items():
        if explore.clamp_range(specs[name], rng) != rng:
            st.info(
                f"The link's range for '{name}' goes beyond the values in the data; "
                "the slider shows the nearest range it can."
            )
    set_widgets(link_filters, q[explore.STATE_PARAM])
    # Open the filter groups the link uses; then each panel stays as the visitor leaves it
    # (it does not fold shut when they clear its last filter).
    for i, (_title, names) in enumerate(GROUPS):
        st.session_state[group_key(i)] = bool(set(names) & set(link_filters.fields))

filter_col, result_col = st.columns([1, 2], gap="large")

with filter_col:
    st.text_input(
        "Search the source text",
        key=TEXT_KEY,
        placeholder="for example: registry",
        help="Case-insensitive; finds the words anywhere in the 8 cells of Table 32 "
        "(or only in the cells you pick below).",
    )
    st.multiselect(
        "Search only in",
        CELL_FIELDS,
        key=CELLS_KEY,
        format_func=CELL_HEADERS.get,
        placeholder="All 8 source cells",
    )
    st.radio(
        "States whose number is not stated, under a range filter",
        explore.NOT_STATED_MODES,
        key=NOT_STATED_KEY,
        horizontal=True,
        format_func=explore.NOT_STATED_LABELS.get,
        help="A range filter cannot judge a number the source does not state. By default "
        "those states are left out of the results. Ranges include both ends.",
    )
    st.radio(
        "Orders with no fixed limit, under a range on the final-order maximum",
        explore.NOT_STATED_MODES,
        key=NO_LIMIT_KEY,
        horizontal=True,
        format_func=explore.NO_LIMIT_LABELS.get,
        help="Alaska and Vermont set no fixed limit: the order lasts until the court ends "
        "it or for a period it chooses. Counted as longer than any cap, they match a "
        "range that reaches the longest stated cap (for example 'longer than 2 years').",
    )
    st.button("Reset filters", on_click=reset, key="explore_reset")
    for i, (title, names) in enumerate(GROUPS):
        panel = st.expander(title, key=group_key(i), on_change="rerun")
        if not panel.open:
            continue
        with panel:
            for name in names:
                f = FIELDS_BY_NAME[name]
                if name in explore.NUMERIC_FIELDS:
                    s = specs[name]
                    st.slider(
                        f"{f.label} ({f.unit})",
                        min_value=slider_value(s, (s.lo, s.hi))[0],
                        max_value=slider_value(s, (s.lo, s.hi))[1],
                        step=int(s.step) if s.integer else s.step,
                        key=key(name),
                        format="%d" if s.integer else "%g",
                        help=f.help + " Narrow the slider to filter.",
                    )
                elif name in explore.CATEGORY_FIELDS:
                    st.multiselect(
                        f.label,
                        explore.option_codes(name),
                        key=key(name),
                        format_func=functools.partial(explore.option_label, name),
                        help=f.help,
                        placeholder="Any",
                    )
                else:
                    st.pills(
                        f.label,
                        explore.option_codes(name),
                        key=key(name),
                        selection_mode="multi",
                        format_func=functools.partial(explore.option_label, name),
                        help=f.help + " Pick none for any value.",
                    )

values: dict[str, object] = {
    explore.TEXT_PARAM: st.session_state[TEXT_KEY],
    explore.TEXT_CELLS_PARAM: st.session_state[CELLS_KEY],
    explore.NOT_STATED_PARAM: st.session_state[NOT_STATED_KEY],
    explore.NO_LIMIT_PARAM: st.session_state[NO_LIMIT_KEY],
}
for name in explore.FILTER_FIELDS:
    v = st.session_state[key(name)]
    values[name] = explore.range_or_none(specs[name], v) if name in specs else v
filters = explore.filters_from_values(values)
mask = explore.match_mask(df, filters)
matched = df[mask]
n = len(matched)

with result_col:
    st.header(f"{n} of {len(df)} match")
    if filters.active:
        st.html(explore.filters_html(filters))
    if n == 0:
        st.warning(
            "No jurisdiction passes all these filters together. Remove or widen one "
            "of them; the table below shows how many each filter matches on its own."
        )
        widgets.table(explore.each_alone_table(df, filters), "Each filter on its own")
    fig = match_figure(tuple(bool(m) for m in mask), explore.map_subtitle(filters), cache.stamp())
    widgets.chart(
        fig, key="explore_map", alt=explore.summary_alt(df, mask, filters), clickable=True
    )
    st.caption(
        "Matching jurisdictions are dark blue; the others light grey. Click a state to "
        "open its profile."
    )
    codes = list(matched["state_code"])
    state = st.session_state.get(STATE_KEY)
    table_key = f"explore_table_{abs(hash((tuple(codes), state, bool(filters.text))))}"

    def pick_row() -> None:
        rows = st.session_state[table_key].selection.rows
        st.session_state[STATE_KEY] = codes[rows[0]] if rows and rows[0] < len(codes) else None

    if n:
        key_args = (tuple(bool(m) for m in mask), filters.text, tuple(filters.text_cells))
        rows = result_rows(*key_args, cache.stamp())
        shown = explore.result_columns(filters)
        spec = explore.column_spec(rows.columns)
        widgets.table(
            rows,
            f"The {n} matching jurisdictions: "
            + ("what the filters are about" if filters.fields else "key fields"),
            labels={c: spec[c]["label"] for c in shown},
            column_help={spec[c]["label"]: spec[c]["help"] for c in shown},
            align_right=[spec[c]["label"] for c in shown if spec[c]["kind"] == "number"],
            max_height=420,
        )
        # The full grid (every field, sortable, a row picks the evidence below) is drawn
        # only while its panel is open: its code and canvas are most of the page's weight.
        grid = st.expander(
            f"Every field of the {n}: a grid to sort, search and pick a row from",
            key=GRID_KEY,
            on_change="rerun",
        )
        if grid.open:
            with grid:
                display = table_arrow(*key_args, cache.stamp())
                config = {
                    c: st.column_config.TextColumn(
                        s["label"],
                        help=s["help"],
                        width=s["width"],
                        alignment="right" if s["kind"] == "number" else None,
                        pinned=True if c == "state_name" else None,
                    )
                    for c, s in spec.items()
                }
                st.dataframe(
                    display,
                    hide_index=True,
                    column_config=config,
                    key=table_key,
                    on_select=pick_row,
                    selection_mode="single-row",
                    selection_default={"selection": {"rows": [codes.index(state)]}}
                    if state in codes
                    else None,
                    height=min(38 + 35 * n, 420),
                )
                st.caption(
                    "Select a row (the box at its left) to see, below, the source words "
                    "behind each value. Hover a column heading for its definition from the "
                    "codebook."
                )
        # This view as files (with the evidence beside each value), and as a brief.
        downloads.data_downloads(
            matched,
            name=explore.view_file_name(filters),
            view_lines=[f"{n} of {len(df)} jurisdictions match", *explore.describe(filters)],
        )
        st.page_link(
            "pages/export.py",
            label=f"Policy brief for these {min(n, 12)} jurisdictions",
            query_params={"states": ",".join(codes[:12])},
        )
        if n > 12:
            st.caption("A brief covers at most 12 jurisdictions: the first 12 are linked.")

    options = explore.evidence_options(codes)
    st.selectbox(
        "Show the evidence for",
        options,
        key=STATE_KEY,
        format_func=functools.partial(explore.evidence_option_label, set(codes)),
        placeholder="Choose a jurisdiction",
        help="The jurisdictions that match the filters come first.",
    )
    state = st.session_state.get(STATE_KEY)

    if state:
        st.header(f"{STATE_NAMES[state]}: every value and the source words behind it")
        st.page_link(
            "pages/profile.py",
            label=f"Open the full profile of {STATE_NAMES[state]}",
            query_params={"state": state},
        )
        if filters.text:
            found = explore.search_cells_html(df, filters, state)
            if found:
                st.markdown("**Where the search text appears**")
                for header, cell_html in found:
                    st.html(f"<div><small>{header}</small><br>{cell_html}</div>")
            else:
                st.markdown("The search text does not appear in this jurisdiction's cells.")
        groups = state_evidence(state, filters.fields, cache.stamp())
        for tab, (_, items) in zip(st.tabs([t for t, _ in groups]), groups, strict=True):
            with tab:
                st.html(explore.evidence_table_html(items))

widgets.write_query(
    {**explore.filters_to_values(filters), explore.STATE_PARAM: state}, explore.PARAMS
)
st.session_state[URL_KEY] = st.query_params.to_dict()
