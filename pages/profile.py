"""State profile: every field with its evidence, the 8 source cells and the citation."""

import streamlit as st

from analysis import cache, profile, ui, urlstate
from analysis.schema import STATE_NAMES

ui.page_guard()

PARAMS = [urlstate.Param("state", "state", default="MS")]
q = ui.read_query(PARAMS)
codes = list(STATE_NAMES)
code = st.selectbox("Jurisdiction", codes, index=codes.index(q["state"]),
                    format_func=lambda c: f"{STATE_NAMES[c]} ({c})", key="profile_state")
ui.write_query({"state": code}, PARAMS)

df = cache.dataset()
row = df.set_index("state_code").loc[code]
st.title(f"{STATE_NAMES[code]}: protective orders")
st.markdown(f"**Statute cited:** {row.code_section}"
            + ("  \n⚠️ *The source says this law was repealed.*" if row.statute_repealed else ""))
ui.caveat()

sections = profile.sections(df, cache.evidence(), code)
for title, items in sections:
    st.subheader(title)
    for item in items:
        with st.container(border=False):
            c1, c2 = st.columns([2, 3])
            c1.markdown(f"**{item.label}**  \n{item.value_text}")
            c2.markdown(f"<span style='font-size:0.9em'>{item.evidence_html}</span>"
                        + (f"<br><small><i>Reviewed: {item.reason}</i></small>"
                           if item.method == "reviewed" else ""),
                        unsafe_allow_html=True)

st.subheader("The 8 source cells, verbatim")
st.dataframe(profile.cells_table(row), hide_index=True, use_container_width=True)

notes = cache.state_notes()
state_notes = notes[notes.state_code == code]
if len(state_notes):
    st.subheader("Second source: WomensLaw")
    st.caption(f"{state_notes.iloc[0].source}, updated {state_notes.iloc[0].as_of}.")
    agree = cache.table("source_agreement.csv")
    agree = agree[agree.state_code == code]
    if len(agree):
        st.markdown("**Where the two sources speak to the same field**")
        st.dataframe(profile.agreement_table(agree), hide_index=True, use_container_width=True)
    st.dataframe(profile.notes_table(state_notes), hide_index=True, use_container_width=True)
