"""Placeholder."""

import streamlit as st

from analysis import ui

ui.page_guard()

st.title("Downloads & briefs")
st.write("Coming soon.")
