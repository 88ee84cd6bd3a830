"""Cached I/O for the app (st.cache_data): the processed files and the figures built from them.

With analysis/ui.py, the only modules that import Streamlit; everything they cache is
computed by plain functions elsewhere in analysis/.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import claims, data, paths
from analysis.charts import all_charts


def _stamp(name: str) -> tuple[str, float, int]:
    """Where a processed file is and its version: a rebuild or a broken file is noticed."""
    path = paths.PROCESSED / name
    try:
        st_ = path.stat()
        return str(path.parent), st_.st_mtime, st_.st_size
    except OSError:
        return str(path.parent), -1.0, -1


@st.cache_data(show_spinner=False, max_entries=4)
def _dataset(folder: str, mtime: float, size: int) -> pd.DataFrame:
    return data.load_dataset(Path(folder))


@st.cache_data(show_spinner=False, max_entries=4)
def _evidence(folder: str, mtime: float, size: int) -> pd.DataFrame:
    return data.load_evidence(Path(folder))


def dataset() -> pd.DataFrame:
    """The validated dataset (cached until the file changes)."""
    return _dataset(*_stamp(paths.DATASET_CSV))


def evidence() -> pd.DataFrame:
    return _evidence(*_stamp(paths.EVIDENCE_CSV))


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
def _claim_results(stamp: tuple) -> list[claims.ClaimResult]:
    return claims.evaluate_claims(dataset())


def claim_results() -> list[claims.ClaimResult]:
    return _claim_results(_stamp(paths.DATASET_CSV))


# cache_resource, not cache_data: a cached figure is shared, not unpickled per rerun
# (unpickling a map figure costs ~20 ms). Figures are never mutated after building;
# exports copy them first (analysis/export/images.prepare).
@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, stamp: tuple) -> go.Figure:
    _, builder = all_charts()[name]
    return builder(dataset())


def figure(name: str) -> go.Figure:
    """A registered chart of the full dataset (rebuilt only when the data change)."""
    return _figure(name, _stamp(paths.DATASET_CSV))


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure_json(name: str, stamp: tuple) -> str:
    from analysis import ui_map

    return ui_map.figure_json(_figure(name, stamp))


def figure_json(name: str) -> str:
    """A registered chart as plotly.js JSON for the light map component (cached like figure)."""
    return _figure_json(name, _stamp(paths.DATASET_CSV))


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


@st.cache_resource(show_spinner=False, max_entries=64)
def _profile_sections(code: str, stamp: tuple) -> list:
    from analysis import profile

    return profile.profile_sections(dataset(), evidence(), code)


def profile_sections(code: str) -> list:
    """A state's profile sections (shared, read-only; rebuilt when the data change)."""
    return _profile_sections(code, _stamp(paths.EVIDENCE_CSV))


@st.cache_resource(show_spinner=False, max_entries=4)
def _duration_summary(stamp: tuple) -> tuple:
    from analysis import metrics

    df = dataset()
    counts = metrics.cap_counts(df)
    alt = "Maximum final-order term by state. " + "; ".join(
        f"{r.cap}: {r.jurisdictions} ({r.states})" for r in counts.itertuples()
    )
    table = counts.assign(
        months=counts["months"].map(lambda m: "" if m is None or m != m else f"{m:g}")
    ).rename(
        columns={
            "cap": "Maximum term",
            "months": "Months",
            "jurisdictions": "Jurisdictions",
            "states": "States",
        }
    )
    return table.set_index("Maximum term"), alt, metrics.duration_headlines(df)


def duration_summary() -> tuple:
    """(cap counts table, text alternative, headline figures) for the overview."""
    return _duration_summary(_stamp(paths.DATASET_CSV))


_MEMO_CALLS: dict[tuple, tuple] = {}


@st.cache_resource(show_spinner=False, max_entries=512)
def _memo(key: tuple, stamp: tuple) -> object:
    fn, args = _MEMO_CALLS[key]
    return fn(dataset(), *args)  # type: ignore[operator]


def _key_part(arg: object) -> object:
    # Functions (e.g. formatters) are keyed by name: Streamlit cannot hash them.
    return f"fn:{arg.__module__}.{arg.__qualname__}" if callable(arg) else arg


def memo(fn, *args):  # noqa: ANN001, ANN201 - any pure function of the dataset
    """fn(dataset, *args), computed once per data version and shared (read-only).

    For pure functions of the dataset whose other arguments are hashable or functions;
    the result must not be mutated by the caller.
    """
    key = (_key_part(fn), tuple(_key_part(a) for a in args))
    _MEMO_CALLS[key] = (fn, args)
    return _memo(key, _stamp(paths.DATASET_CSV))
