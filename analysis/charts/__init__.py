"""Figure builders: DataFrame -> plotly (or pydeck) figures. Pure; no Streamlit.

Every chart is registered in CHARTS with a stable name, so the app, the image exporter
and `python -m analysis charts` build exactly the same figures.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

ChartBuilder = Callable[..., go.Figure]
CHARTS: dict[str, tuple[str, ChartBuilder]] = {}


def register(name: str, title: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Add a builder (df -> Figure) to the registry under a stable name."""

    def wrap(fn: ChartBuilder) -> ChartBuilder:
        CHARTS[name] = (title, fn)
        return fn

    return wrap


def all_charts() -> dict[str, tuple[str, ChartBuilder]]:
    """Every registered chart, importing the chart modules first."""
    from analysis.charts import maps, topics  # noqa: F401

    return CHARTS
