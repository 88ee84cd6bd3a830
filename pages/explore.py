"""Placeholder."""

import streamlit as st

from analysis import ui

ui.page_guard()

st.title("explore")
st.write("Coming soon.")
