"""Every chart by its stable name: the app, the image exporter and
`python -m analysis charts` build exactly the same figures from here.

A new chart: write its builder (df -> Figure) in a figures module and decorate it with that
module's `@CHARTS.register(name, title)`; a new module adds its CHARTS below.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.figures import maps, topics
from analysis.figures.base import ChartBuilder


def all_charts() -> dict[str, tuple[str, ChartBuilder]]:
    """Every registered chart: the maps' and the topic pages'."""
    return {**maps.CHARTS, **topics.CHARTS}


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly.js JSON, without plotly.py's default template (the page's
    chart component applies the app's theme, as st.plotly_chart does)."""
    f = go.Figure(fig)
    f.layout.template = None
    return f.to_json()
