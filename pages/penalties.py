"""Placeholder."""

import streamlit as st

from analysis import ui

ui.page_guard()

st.title("penalties")
st.write("Coming soon.")
