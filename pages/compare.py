"""Compare 2 to 6 jurisdictions side by side, differences highlighted, source cells at hand."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core.schema import STATE_NAMES
from analysis.facts import compare

widgets.page_guard()

URL_KEY, STATES_KEY, DIFF_KEY = "_compare_url", "compare_states", "compare_only_differences"
PARAMS = compare.COMPARE_PARAMS


@st.cache_data(show_spinner=False, max_entries=256)
def comparison(codes: tuple[str, ...], only_differences: bool):
    return compare.compare_view(cache.dataset(), cache.evidence(), codes, only_differences)


st.title("Compare jurisdictions")
widgets.caveat()
q = widgets.read_query(PARAMS)
url_now = st.query_params.to_dict()
if st.session_state.get(URL_KEY) != url_now or STATES_KEY not in st.session_state:
    codes, notice = compare.compare_selection(q["states"])
    if notice and len(codes) == compare.COMPARE_MAX:
        st.info(notice)
    st.session_state[STATES_KEY] = codes
    st.session_state[DIFF_KEY] = bool(q["only_differences"])

left, right = st.columns([3, 1], vertical_alignment="bottom")
selected = left.multiselect(
    f"Jurisdictions ({compare.COMPARE_MIN} to {compare.COMPARE_MAX})",
    list(STATE_NAMES),
    key=STATES_KEY,
    max_selections=compare.COMPARE_MAX,
    format_func=lambda c: f"{STATE_NAMES[c]} ({c})",
    placeholder="Choose jurisdictions",
)
only_diff = right.toggle(
    "Only differences",
    key=DIFF_KEY,
    help="Hide the fields where every chosen jurisdiction has the same value.",
)
widgets.write_query({"states": selected, "only_differences": only_diff}, PARAMS)
st.session_state[URL_KEY] = st.query_params.to_dict()

codes, problem = compare.compare_selection(selected)
if len(codes) < compare.COMPARE_MIN:
    st.warning(problem)
    st.stop()

differ, total, sections = comparison(tuple(codes), only_diff)
st.markdown(
    f"**These {len(codes)} jurisdictions differ on {differ} of {total} coded fields.** "
    "Rows where they differ are shaded and marked *differs*. Open a section's source "
    "cells to read the words behind each value (marked; hover a mark for its field)."
)
for col, code in zip(st.columns(len(codes)), codes, strict=True):
    col.page_link(
        "pages/profile.py", label=f"Profile: {STATE_NAMES[code]}", query_params={"state": code}
    )

if not sections:
    st.info(
        "These jurisdictions have the same value for every coded field. Turn off "
        "'Only differences' to see them all."
    )
for sec in sections:
    st.header(sec.title)
    st.html(sec.table_html)
    with st.expander(f"Source cells for {sec.title.lower()}: the words behind these values"):
        st.html(compare.source_cells_html(sec.cells))  # one element for all the cells
