"""Placeholder."""

import streamlit as st

from analysis import ui

ui.page_guard()

st.title("view_3d")
st.write("Coming soon.")
