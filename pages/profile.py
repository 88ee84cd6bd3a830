"""State profile: every field with its evidence, the 8 source cells and the citation."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.core.schema import STATE_NAMES
from analysis.facts import profile

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

df = cache.dataset()
row = df.set_index("state_code").loc[code]
st.title(f"{STATE_NAMES[code]}: protective orders")
st.markdown(
    f"**Statute cited:** {row.code_section}"
    + ("  \n**Note:** the source says this law was repealed." if row.statute_repealed else "")
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
widgets.table(profile.cells_table(row))

notes = cache.state_notes()
state_notes = notes[notes.state_code == code]
if len(state_notes):
    st.header("Second source: WomensLaw")
    st.caption(
        f"{state_notes.iloc[0].source}, updated {state_notes.iloc[0].as_of}. "
        "Statements as published; not current law."
    )
    agree = cache.agreement()
    agree = agree[agree.state_code == code]
    if len(agree):
        st.markdown("**Where the two sources speak to the same field**")
        widgets.table(profile.agreement_table(agree, df))
    widgets.table(profile.notes_table(state_notes), "The WomensLaw statements")
