"""3D view: states raised by maximum order duration, coloured by a field the user picks."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.figures import deck

widgets.page_guard()

PARAMS = [urlstate.Param("field", "choice", deck.COLOUR_FIELDS, default=deck.DEFAULT_FIELD)]


@st.cache_data(show_spinner=False, max_entries=64)
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
widgets.write_query({"field": field}, PARAMS)

view = _deck(field, cache.stamp(), widgets.is_phone())
st.markdown(deck.READING_NOTE)
st.html(deck.legend_html(view.legend, field))
st.pydeck_chart(view.deck, height=520, key=f"deck_{field}", alt=view.summary)
st.caption(view.summary)

with st.expander(
    "The 3D view as a table (every jurisdiction, with the source's words)", expanded=False
):
    widgets.table(view.table, "Every jurisdiction as drawn in the 3D view", max_height=480)
