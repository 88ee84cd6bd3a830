"""The overview's map, drawn by a small Streamlit component with the geo-only plotly.js.

Streamlit's own chart element (`st.plotly_chart`) loads the full plotly.js (4.7 MB) before it
draws anything; the landing page's map only needs the geo traces. This component loads the
1.3 MB geo bundle shipped in static/vendor/ (MIT) from this server and draws the same figure
with it, so a first-time visitor sees the map sooner (README, Performance). Everything else
about the chart is unchanged: the figure, the outline file, hover text, the download menu
(server-side export from the same figure) and "click a state to open its profile".
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from analysis.app import downloads, widgets
from analysis.core import geo, paths
from analysis.figures.registry import figure_json

PLOTLY_GEO = "vendor/plotly-geo-3.7.0.min.js"
JS = (Path(__file__).parent / "assets" / "light_map.js").read_text(encoding="utf-8")
CSS = ".po-light-map { width: 100%; min-height: 1px; }"

_component = st.components.v2.component("po_light_map", js=JS, css=CSS, isolate_styles=False)


def available() -> bool:
    return (paths.STATIC / PLOTLY_GEO).is_file()


def light_map(fig: go.Figure, key: str, alt: str, fig_json: str | None = None) -> list[str]:
    """Draw `fig` with the geo-only bundle; return the state codes clicked (at most one).

    Falls back to Streamlit's own chart element if the bundle is missing.
    """
    if not available():
        return widgets.chart(fig, key=key, alt=alt, clickable=True)
    result = _component(
        key=key,
        data={
            "figure": fig_json or figure_json(fig),
            "config": widgets.plotly_config(key),
            "lib": geo.static_url(PLOTLY_GEO, st.get_option("server.baseUrlPath") or ""),
            "alt": alt,
        },
        on_clicked_change=lambda: None,
    )
    downloads.chart_downloads(fig, key, None)
    code = getattr(result, "clicked", None)
    return [code] if isinstance(code, str) and code in widgets.STATE_NAMES else []
