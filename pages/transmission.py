"""Placeholder."""

import streamlit as st

from analysis import ui

ui.page_guard()

st.title("transmission")
st.write("Coming soon.")
