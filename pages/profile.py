"""State profile: every field with its evidence, the 8 source cells and the citation."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.core.schema import STATE_NAMES

widgets.page_guard()

PARAMS = [urlstate.Param("state", "state", default="MS")]
q = widgets.read_query(PARAMS)
codes = list(STATE_NAMES)
code = st.selectbox(
    "Jurisdiction",
    codes,
    index=codes.index(q["state"]),
    format_func=lambda c: f"{STATE_NAMES[c]} ({c})",
    key="profile_state",
)
widgets.write_query({"state": code}, PARAMS)

src = cache.state_sources(code)
st.title(f"{STATE_NAMES[code]}: protective orders")
st.markdown(
    f"**Statute cited:** {src.code_section}"
    + ("  \n**Note:** the source says this law was repealed." if src.repealed else "")
)
widgets.caveat()
st.page_link(
    "pages/compare.py",
    label="Compare this state with others",
    query_params={"states": f"{code},MS" if code != "MS" else "MS,AL,TN"},
)

for section in cache.profile_sections(code):
    st.header(section.title)
    # st.html, not st.markdown: source text with two "$" amounts must not become maths.
    # One element for all of a section's cells (each element costs the browser a render).
    if section.cells:
        st.html(
            "".join(
                f"<div style='border-left:4px solid #888;padding:0.2rem 0.8rem;margin:0.3rem 0;"
                f"font-size:0.92em'><b>{header}</b> (source cell, words used "
                f"<mark>marked</mark>):<br>{cell_html}</div>"
                for header, cell_html in section.cells
            )
        )
    widgets.table(section.table, f"{section.title}: every field as coded")

st.header("The 8 source cells, verbatim")
widgets.table(src.cells)

if src.notes is not None:
    st.header("Second source: WomensLaw")
    st.caption(
        f"{src.notes_source}, updated {src.notes_as_of}. Statements as published; not current law."
    )
    if src.agreement is not None:
        st.markdown("**Where the two sources speak to the same field**")
        widgets.table(src.agreement)
    widgets.table(src.notes, "The WomensLaw statements")
