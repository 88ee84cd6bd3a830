"""The one module that imports Streamlit: cached loading of the processed data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import data


@st.cache_data(show_spinner=False)
def dataset() -> pd.DataFrame:
    return data.load_dataset()


def dataset_or_stop() -> pd.DataFrame:
    """The dataset, or a clear message (what is wrong, how to rebuild) and stop."""
    try:
        return dataset()
    except data.DataUnavailable as exc:
        st.error(f"The dataset cannot be loaded. {exc}")
        st.stop()
        raise
