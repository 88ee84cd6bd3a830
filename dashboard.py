"""Protective-order laws across the 50 states and DC: entry point and navigation.

`streamlit run dashboard.py` finds `app` below and serves the app through it: Streamlit's
server wrapped in the app's web layer (analysis/app/server.py: the quick exit built into
every page, safety headers on every response, a page of its own for unknown paths).
Streamlit then runs this same file as the app's script (as `__main__`), which draws the
page: `main()`.
"""

import logging
import time

import streamlit as st

from analysis.app import cache, navigation, server, timing, widgets
from analysis.facts import load


def main() -> None:
    started = time.perf_counter()
    st.set_page_config(
        page_title="Protective-order laws by state",
        layout="wide",
        menu_items={
            "Get help": None,
            "Report a bug": None,
            "About": "Protective-order laws by state, coded from Table 32 (as published).",
        },
    )
    sections: dict[str, list] = {}
    for spec in navigation.PAGES:
        sections.setdefault(spec.section, []).append(
            st.Page(
                spec.script,
                title=spec.title,
                url_path=spec.url_path or None,
                default=spec.url_path == "",
            )
        )
    page = st.navigation(sections, position="hidden")  # widgets.sidebar draws it
    widgets.safety_note()
    widgets.sidebar(page.url_path)

    try:
        cache.readable()
    except load.DataUnavailable:
        cache.dataset_or_stop()
        cache.evidence_or_stop()
    try:
        cache.verified()  # every processed file as the build wrote it
    except load.DataUnavailable as exc:
        cache.unavailable(exc, "The data")

    try:
        widgets.run_in_navigation(page)
        timing.record(page.url_path or "overview", time.perf_counter() - started)
    except load.DataUnavailable as exc:  # a file only this page reads
        cache.unavailable(exc, "A data file this page needs")
    except Exception:  # noqa: BLE001 - a visitor never sees a traceback
        logging.getLogger("dashboard").exception("page failed")
        st.error(
            "Something went wrong while drawing this page. The problem has been logged. "
            "Try another page, or reload; the data themselves are unaffected."
        )


if __name__ == "__main__":
    main()
else:
    server.index_html()  # fail now, at start, if Streamlit's page cannot take the exit
    app = st.App(__file__, middleware=server.MIDDLEWARE)
