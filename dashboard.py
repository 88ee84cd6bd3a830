"""Protective-order laws across the 50 states and DC: entry point and navigation."""

import time

import streamlit as st

from analysis.app import cache, timing, widgets
from analysis.facts import load

_started = time.perf_counter()

st.set_page_config(
    page_title="Protective-order laws by state",
    layout="wide",
    menu_items={
        "Get help": None,
        "Report a bug": None,
        "About": "Protective-order laws by state, coded from Table 32 (as published).",
    },
)
widgets.quick_exit()

PAGES = {
    "Explore the data": [
        st.Page("pages/overview.py", title="Overview", default=True),
        st.Page("pages/duration.py", title="Duration", url_path="duration"),
        st.Page("pages/penalties.py", title="Penalties", url_path="penalties"),
        st.Page("pages/transmission.py", title="Transmission", url_path="transmission"),
        st.Page("pages/explore.py", title="Explore & filter", url_path="explore"),
    ],
    "States": [
        st.Page("pages/profile.py", title="State profile", url_path="profile"),
        st.Page("pages/compare.py", title="Compare states", url_path="compare"),
        st.Page("pages/view_3d.py", title="3D view", url_path="view_3d"),
    ],
    "Reports": [
        st.Page("pages/export.py", title="Downloads & briefs", url_path="export"),
    ],
    "About": [
        st.Page("pages/methods.py", title="Methods & sources", url_path="methods"),
    ],
}
page = st.navigation(PAGES)
widgets.sidebar()

try:
    cache.dataset()
    cache.evidence()
except load.DataUnavailable:
    cache.dataset_or_stop()
    try:
        cache.evidence()
    except load.DataUnavailable as exc:
        st.error(f"**The evidence table cannot be loaded.** {exc}")
        st.stop()

try:
    widgets.run_in_navigation(page)
    timing.record(page.url_path or "overview", time.perf_counter() - _started)
except Exception:  # noqa: BLE001 - a visitor never sees a traceback
    import logging

    logging.getLogger("dashboard").exception("page failed")
    st.error(
        "Something went wrong while drawing this page. The problem has been logged. "
        "Try another page, or reload; the data themselves are unaffected."
    )
