"""Cached I/O for the app (st.cache_data): the processed files and the figures built from them.

With analysis/ui.py, the only modules that import Streamlit; everything they cache is
computed by plain functions elsewhere in analysis/.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import claims, data, paths
from analysis.charts import all_charts


@st.cache_data(show_spinner=False)
def dataset() -> pd.DataFrame:
    return data.load_dataset()


@st.cache_data(show_spinner=False)
def evidence() -> pd.DataFrame:
    return data.load_evidence()


@st.cache_data(show_spinner=False)
def evidence_index() -> dict[tuple[str, str], dict]:
    """(state_code, field) -> evidence record, for one-click lookups."""
    ev = evidence()
    return {(r["state_code"], r["field"]): r for r in ev.to_dict("records")}


@st.cache_data(show_spinner=False)
def table(name: str) -> pd.DataFrame:
    return data.load_csv(name)


@st.cache_data(show_spinner=False)
def state_notes() -> pd.DataFrame:
    return data.load_csv(paths.STATE_NOTES_CSV)


@st.cache_data(show_spinner=False)
def summary() -> dict:
    return data.load_summary()


@st.cache_data(show_spinner=False)
def claim_results() -> list[claims.ClaimResult]:
    return claims.evaluate_claims(dataset())


@st.cache_data(show_spinner=False, max_entries=64)
def figure(name: str) -> go.Figure:
    """A registered chart of the full dataset (built once per process)."""
    _, builder = all_charts()[name]
    return builder(dataset())


def dataset_or_stop() -> pd.DataFrame:
    """The dataset, or a clear message (what is wrong, how to rebuild) and stop."""
    try:
        return dataset()
    except data.DataUnavailable as exc:
        st.error(
            f"**The dataset cannot be loaded.** {exc.problem} (`{exc.path.name}`).\n\n"
            f"To fix it, rebuild the processed data from the project folder:\n\n"
            f"```\n{data.REBUILD_COMMAND}\n```"
        )
        st.stop()
        raise
