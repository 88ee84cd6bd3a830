"""Placeholder."""

import streamlit as st

from analysis import ui

ui.page_guard()

st.title("compare")
st.write("Coming soon.")
