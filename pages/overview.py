"""Overview: the map of maximum order duration, with headline figures."""

import streamlit as st

from analysis import cache, ui, urlstate

ui.page_guard()

PARAMS = [urlstate.Param("view", "choice", ("map", "tiles"), default="map")]

st.title("How long can a protective order last?")
ui.caveat()
q = ui.read_query(PARAMS)

# The chart is drawn first (its script chunk is the slowest to load), so the view
# toggle beside it is read from its previous value before the widget is drawn.
VIEW_KEY = "overview_view"
view = st.session_state.get(VIEW_KEY) or q["view"]

counts_table, alt, headlines = cache.duration_summary()
left, right = st.columns([3, 1])
with left:
    fig = cache.figure("duration_map" if view == "map" else "duration_tiles")
    clicked = ui.chart(fig, key=f"overview_{view}", alt=alt, clickable=True)
    st.caption(
        "Click a state to open its profile. Hover for the source's own words. "
        "“?” marks a cap the source does not state; “∞” an order with no fixed limit."
    )
with right:
    st.segmented_control(
        "View",
        ["map", "tiles"],
        default=q["view"],
        key=VIEW_KEY,
        format_func={"map": "Map", "tiles": "Tile grid"}.get,
        help="The tile grid gives every jurisdiction the same area, so small states and DC "
        "are visible.",
    )
    for h in headlines:
        st.metric(h.label, h.value, help=h.help)
ui.write_query({"view": view}, PARAMS)

if clicked:
    st.switch_page("pages/profile.py", query_params={"state": clicked[0]})

with st.expander("How many jurisdictions at each cap (the chart as a table)", expanded=False):
    # A static table: no data-grid component to load before the map is drawn.
    st.table(counts_table)

with st.expander("What the source's narrative claims, checked against the data"):
    for r in cache.claim_results():
        icon = "**Data agree.**" if r.verdict == "agree" else "**Data disagree.**"
        st.markdown(ui.md_escape(f"{icon} **“{r.quote}”**: {r.explanation}"))
