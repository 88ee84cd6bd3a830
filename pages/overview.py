"""Overview: the map of maximum order duration, with headline figures."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import markup, urlstate
from analysis.core.schema import STATE_NAMES

widgets.page_guard()

PARAMS = [urlstate.Param("view", "choice", ("map", "tiles"), default="map")]

st.title("How long can a protective order last?")
widgets.caveat()
q = widgets.read_query(PARAMS)

# The map is drawn first, so the view toggle beside it is read from its previous value
# before the widget is drawn.
VIEW_KEY = "overview_view"
VERDICT = {"agree": "**Data agree.**", "disagree": "**Data disagree.**"}
view = st.session_state.get(VIEW_KEY) or q["view"]

alt, headlines = cache.duration_summary()
left, right = st.columns([3, 1])
with left:
    name = "duration_map" if view == "map" else "duration_tiles"
    # Inline SVG drawn on the server: each state links to its profile.
    widgets.chart(cache.figure(name), key=f"overview_{view}", alt=alt, clickable=True)
    st.caption(
        "Click a state to open its profile. Hover for the source's own words. "
        "“?” marks a cap the source does not state; “∞” an order with no fixed limit."
    )
with right:
    st.radio(
        "View",
        ["map", "tiles"],
        index=["map", "tiles"].index(q["view"]),
        key=VIEW_KEY,
        horizontal=True,
        format_func={"map": "Map", "tiles": "Tile grid"}.get,
        help="The tile grid gives every jurisdiction the same area, so small states and DC "
        "are visible.",
    )
    st.html(markup.headlines_html(headlines))
widgets.write_query({"view": view}, PARAMS)

st.header("Every jurisdiction by maximum term")
st.caption("The map as a list: each name opens that jurisdiction's profile.")
# HTML, not st.table/st.dataframe: no table component to load before the map.
st.html(markup.state_links_html(cache.cap_links(), STATE_NAMES, "profile?state={code}"))

with st.expander("What the source's narrative claims, checked against the data"):
    # One Markdown element for all claims: fewer elements for the browser to render.
    st.markdown(
        "\n\n".join(
            widgets.md_escape(VERDICT.get(r.verdict, "") + f" **“{r.claim}”**: {r.explanation}")
            for r in cache.claims().itertuples()
        )
    )
