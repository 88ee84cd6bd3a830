"""3D view: states raised by maximum order duration, coloured by a field the user picks."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.figures import deck

widgets.page_guard()

VIEWS = {
    "picture": "Still picture (quick: no WebGL)",
    "interactive": "Interactive: rotate, zoom, hover (WebGL)",
}
PARAMS = [
    urlstate.Param("field", "choice", deck.COLOUR_FIELDS, default=deck.DEFAULT_FIELD),
    urlstate.Param("view", "choice", tuple(VIEWS), default="picture"),
]


# cache_resource: the view is shared and read-only; cache_data would unpickle a copy on
# every rerun (about 5 ms) and give widgets.table a new frame to write out each time.
@st.cache_resource(show_spinner=False, max_entries=64)
def _deck(field: str, version: tuple, phone: bool) -> deck.Deck3D:
    return deck.build_deck(cache.dataset(), cache.evidence(), field, phone)


st.title("Order duration in 3D")
widgets.caveat()
q = widgets.read_query(PARAMS)
field = st.selectbox(
    "Colour the states by",
    deck.COLOUR_FIELDS,
    index=deck.COLOUR_FIELDS.index(q["field"]),
    format_func=deck.field_label,
    key="view3d_field",
    help="Height always shows the maximum term of a final order; colour shows this field.",
)
mode = st.radio(
    "Show it as",
    tuple(VIEWS),
    index=tuple(VIEWS).index(q["view"]),
    format_func=VIEWS.get,
    horizontal=True,
    key="view3d_mode",
    help="The still picture and the interactive view draw the same states, heights and "
    "colours. The interactive view needs WebGL and is drawn only when you ask for it: on a "
    "computer or phone without a graphics card it holds the page for about half a second.",
)
widgets.write_query({"field": field, "view": mode}, PARAMS)

view = _deck(field, cache.stamp(), widgets.is_phone())
st.markdown(deck.READING_NOTE if mode == "interactive" else deck.PICTURE_NOTE)
st.html(deck.legend_html(view.legend, field))
if mode == "interactive":
    st.pydeck_chart(view.deck, height=520, key=f"deck_{field}", alt=view.summary)
else:
    widgets.picture(f"view3d_picture_{field}", view.picture)
st.caption(view.summary)

with st.expander(
    "The 3D view as a table (every jurisdiction, with the source's words)", expanded=False
):
    widgets.table(view.table, "Every jurisdiction as drawn in the 3D view", max_height=480)
