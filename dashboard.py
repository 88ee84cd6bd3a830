"""Protective-order laws across the 50 states and DC: entry point."""

import streamlit as st

from analysis import cache

st.set_page_config(page_title="Protective-order laws by state", layout="wide")
data = cache.dataset_or_stop()
st.title("Protective-order laws by state")
st.caption("Coded from Table 32: Protective Orders, as published (undated). Not current law.")
st.dataframe(data, hide_index=True)
