"""Cached I/O for the app: the processed files and the figures built from them.

Everything cached here is computed by plain functions of the lower layers; only the
caching is Streamlit's.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analysis.app import lightchart
from analysis.facts import load, metrics, profile
from analysis.figures import registry, topics

T = TypeVar("T")


def once_per_run(fn: Callable[[], T]) -> Callable[[], T]:
    """fn() computed once per script run and reused within it (a setting or the data's
    version, which a page asks for many times).

    The run is recognised by the dict Streamlit makes fresh at the start of each run
    (ScriptRunContext.cursors); each session's script runs on its own thread, so the value
    is kept per thread. Outside a script run fn() is called every time.
    """
    slot = threading.local()

    @functools.wraps(fn)
    def wrapper() -> T:
        ctx = get_script_run_ctx()
        run = ctx.cursors if ctx is not None else None
        if run is not None and getattr(slot, "run", None) is run:
            return slot.value
        value = fn()
        if run is not None:
            slot.run, slot.value = run, value
        return value

    return wrapper


@once_per_run
def stamp() -> str:
    """The processed data's version (analysis.facts.load.data_stamp), as a short digest:
    every cache here is keyed on it, so a rebuild or a broken file is noticed on the next run
    (read once per run: each read stats every processed file)."""
    return hashlib.sha256(repr(load.data_stamp()).encode()).hexdigest()[:20]


@st.cache_data(show_spinner=False, max_entries=4)
def _verified(stamp: str) -> bool:
    load.verify_processed()
    return True


def verified() -> None:
    """Every processed file exactly as the build wrote it (load.verify_processed), checked
    once per data version; raises load.DataUnavailable naming the first that is not."""
    _verified(stamp())


# cache_resource: one frame shared by every session and run, read-only by contract (pandas
# copy-on-write: a frame derived from it never writes into it; tests/test_app_cache.py runs
# every page and checks the shared frames are unchanged). cache_data would unpickle a copy
# on every call, 2-5 ms a page run.
@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(stamp: str) -> pd.DataFrame:
    return load.load_dataset()


@st.cache_resource(show_spinner=False, max_entries=4)
def _evidence(stamp: str) -> pd.DataFrame:
    return load.load_evidence()


def dataset() -> pd.DataFrame:
    """The validated dataset (cached until a processed file changes; shared, read-only)."""
    return _dataset(stamp())


def evidence() -> pd.DataFrame:
    return _evidence(stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _state_notes(stamp: str) -> pd.DataFrame:
    return load.load_state_notes()


def state_notes() -> pd.DataFrame:
    """The WomensLaw statements (state_notes.csv), validated."""
    return _state_notes(stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _agreement(stamp: str) -> pd.DataFrame:
    return load.load_agreement()


def agreement() -> pd.DataFrame:
    """Where the two sources speak to the same field (source_agreement.csv), validated."""
    return _agreement(stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _summary(stamp: str) -> dict:
    return load.load_summary()


def summary() -> dict:
    """build_summary.json (counts, the segmentation check, source checksums)."""
    return _summary(stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _claims(stamp: str) -> pd.DataFrame:
    return load.load_claims()


def claims() -> pd.DataFrame:
    """The narrative's claims as the build checked them (narrative_claims.csv)."""
    return _claims(stamp())


# cache_resource, not cache_data: a cached figure is shared, not unpickled per rerun
# (unpickling a map figure costs ~20 ms). Figures are never mutated after building;
# exports copy them first (analysis/export/images.prepare).
@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, stamp: str) -> go.Figure:
    _, builder = registry.all_charts()[name]
    return builder(dataset())


@st.cache_resource(show_spinner=False, max_entries=256)
def _highlighted(name: str, code: str, stamp: str) -> go.Figure:
    return topics.highlight(_figure(name, stamp), code)


def figure(name: str, highlight: str | None = None) -> go.Figure:
    """A registered chart of the full dataset (rebuilt only when the data change); with
    `highlight`, a copy with that jurisdiction framed (topics.highlight), cached too."""
    if highlight:
        return _highlighted(name, highlight, stamp())
    return _figure(name, stamp())


def figure_json(name: str, highlight: str | None = None) -> str:
    """A registered chart as plotly.js JSON, serialized once per cached figure (the light
    chart component sends this string on every run without serializing again)."""
    return lightchart.figure_json(figure(name, highlight))


def unavailable(exc: load.DataUnavailable, what: str) -> None:
    """Say which processed file is wrong, what is wrong with it and the command that
    rebuilds it; then stop the page (never a traceback)."""
    st.error(
        f"**{what} cannot be loaded.** `{load.shown_path(exc.path)}`: {exc.problem}.\n\n"
        f"To fix it, rebuild the processed data from the project folder:\n\n"
        f"```\n{load.REBUILD_COMMAND}\n```"
    )
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=4)
def _readable(stamp: str) -> bool:
    dataset()  # loaded (and cached) once per version, the same load every page uses
    evidence()
    return True  # a failure raises, and is not cached: the next run tries again


def readable() -> None:
    """The dataset and the evidence table load and validate; checked once per data version
    (without the copy of each that dataset() and evidence() hand a page). Raises
    load.DataUnavailable otherwise."""
    _readable(stamp())


def dataset_or_stop() -> pd.DataFrame:
    """The dataset, or a clear message (what is wrong, how to rebuild) and stop."""
    try:
        return dataset()
    except load.DataUnavailable as exc:
        unavailable(exc, "The dataset")
        raise


def evidence_or_stop() -> pd.DataFrame:
    """The evidence table, or a clear message and stop."""
    try:
        return evidence()
    except load.DataUnavailable as exc:
        unavailable(exc, "The evidence table")
        raise


@st.cache_resource(show_spinner=False, max_entries=64)
def _profile_sections(code: str, stamp: str) -> list:
    return profile.profile_sections(dataset(), evidence(), code)


def profile_sections(code: str) -> list:
    """A state's profile sections (shared, read-only; rebuilt when the data change)."""
    return _profile_sections(code, stamp())


@st.cache_resource(show_spinner=False, max_entries=64)
def _state_sources(code: str, stamp: str) -> profile.StateSources:
    return profile.state_sources(dataset(), state_notes(), agreement(), code)


def state_sources(code: str) -> profile.StateSources:
    """A profile's statute line, source cells and second source (shared, read-only)."""
    return _state_sources(code, stamp())


@st.cache_resource(show_spinner=False, max_entries=4)
def _duration_summary(stamp: str) -> tuple:
    df = dataset()
    alt = "Maximum final-order term by state. " + "; ".join(
        f"{g.label}: {g.count} ({', '.join(g.codes) or 'none'})" for g in metrics.cap_groups(df)
    )
    return alt, metrics.duration_headlines(df)


def duration_summary() -> tuple:
    """(text alternative of the map, headline figures) for the overview."""
    return _duration_summary(stamp())


_MEMO_CALL = threading.local()  # the call _memo computes on a miss (same thread)
_MEMO_SEEN: dict[tuple, object] = {}
_MISSING = object()
MAX_MEMO = 512  # as many as _memo keeps


@st.cache_resource(show_spinner=False, max_entries=MAX_MEMO)
def _memo(key: tuple, stamp: str) -> object:
    fn, args = _MEMO_CALL.pending
    return fn(dataset(), *args)  # type: ignore[operator]


def _key_part(arg: object) -> object:
    # Functions (e.g. formatters) are keyed by name: Streamlit cannot hash them. Dicts and
    # lists (e.g. the severity index's weights) by their items; the function gets the
    # original.
    if callable(arg):
        return f"fn:{arg.__module__}.{arg.__qualname__}"
    if isinstance(arg, dict):
        return ("dict", tuple((k, _key_part(v)) for k, v in sorted(arg.items())))
    if isinstance(arg, list):
        return ("list", tuple(_key_part(v) for v in arg))
    return arg


def memo(fn, *args):  # noqa: ANN001, ANN201 - any pure function of the dataset
    """fn(dataset, *args), computed once per data version and shared (read-only).

    For pure functions of the dataset whose other arguments are hashable or functions;
    the result must not be mutated by the caller.
    """
    key = (_key_part(fn), tuple(_key_part(a) for a in args))
    version = stamp()
    # A plain dict in front of Streamlit's cache: its lookup hashes the whole key tuple
    # with Streamlit's own hasher on every call (a tenth of a page script's time).
    found = _MEMO_SEEN.get((key, version), _MISSING)
    if found is not _MISSING:
        return found
    if len(_MEMO_SEEN) >= MAX_MEMO:  # many weightings from many links: start again
        _MEMO_SEEN.clear()
    _MEMO_CALL.pending = (fn, args)
    value = _memo(key, version)
    _MEMO_SEEN[(key, version)] = value
    return value


def _renamed(df: pd.DataFrame, columns: dict[str, str], fn, *args) -> pd.DataFrame:  # noqa: ANN001
    return fn(df, *args).rename(columns=columns)


def memo_table(columns: dict[str, str], fn, *args) -> pd.DataFrame:  # noqa: ANN001
    """memo(fn, *args), a table, with its columns renamed for display: one shared frame per
    data version (and per arguments), so widgets.table writes its HTML once as well."""
    return memo(_renamed, columns, fn, *args)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cap_links(stamp: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(g.label, g.codes) for g in metrics.cap_groups(dataset())]


def cap_links() -> list[tuple[str, tuple[str, ...]]]:
    """(maximum term in words, the jurisdictions with it), for the overview's state list."""
    return _cap_links(stamp())
