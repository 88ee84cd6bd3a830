"""Two small Streamlit components for the app's charts.

`draw_inline` sets the markup the server drew (maps and tile grid: figures/svgmap; bar and
unit charts: figures/htmlbars); every chart of the app goes this way. `draw` is for a
figure neither module draws: it draws it with a plotly.js partial bundle, as below.

Streamlit's own chart element (`st.plotly_chart`) loads the full plotly.js (4.7 MB) before it
draws anything and serializes the figure on every run. This component draws the same figure
(from analysis/figures, via app/cache) with the smallest bundle shipped in static/vendor/
that has all of its trace types (bars: `basic`, maps: `geo`; analysis/core/vendor.py), loaded
from this server only when a chart that needs it comes near the viewport, and sends the
figure as JSON serialized once per figure object (`figure_json`), not once per run.

Kept from the chart element: hover text, "click a state to open its profile" (the clicked
point's customdata or location), the app's light or dark theme, and the config (local map
outlines, PNG at 2x). The "Download chart" menu stays server-side (app/downloads). The text
alternative names the chart for assistive technology, and is shown with a message if the
bundle cannot be loaded. A figure with a trace type no bundle draws falls back to
st.plotly_chart.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from analysis.core import geo, vendor
from analysis.core.schema import STATE_NAMES
from analysis.figures import htmlbars, svgmap
from analysis.figures.registry import figure_json as _serialize

JS = (Path(__file__).parent / "assets" / "light_chart.js").read_text(encoding="utf-8")
CSS = """
.po-chart { width: 100%; position: relative; }
.po-chart:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
.po-chart-failed .po-chart-plot { padding: 1rem; border: 1px dashed currentColor; }
.po-chart-head { margin: 0 0 .25rem 0; overflow-wrap: anywhere; }
.po-chart-title { font-weight: 700; font-size: 1.05rem; line-height: 1.3; }
.po-chart-sub { font-size: .85rem; line-height: 1.35; }
.po-chart-foot { font-size: .75rem; line-height: 1.35; opacity: .8; overflow-wrap: anywhere; }
"""
UNAVAILABLE = "The chart could not be drawn in this browser ({reason}). What it shows:"
DEFAULT_HEIGHT = 450

_component = st.components.v2.component("po_chart", js=JS, css=CSS, isolate_styles=False)
# Maps, tile grid and bar charts drawn on the server (figures/svgmap, figures/htmlbars).
_inline = st.components.v2.component(
    "po_inline",
    js=(Path(__file__).parent / "assets" / "inline_figure.js").read_text(encoding="utf-8"),
    css=svgmap.CSS + htmlbars.CSS,
    isolate_styles=False,
)


def draw_inline(key: str, html: str) -> None:
    """Put server-drawn figure HTML (svgmap.figure_html) in the page, under `key`."""
    _inline(key=key, data={"html": html})


def base_path() -> str:
    return st.get_option("server.baseUrlPath") or ""


def plotly_config(filename: str = "chart") -> dict:
    """Chart config: local map outlines (respecting server.baseUrlPath), PNG at 2x, no
    plotly tool bar.

    The tool bar's buttons would be focusable controls inside the chart, which is one image
    to assistive technology (axe-core: nested-interactive); on a phone its zoom buttons sat
    over the title; plotly.js 4 adds a "Share chart" button that goes to another site. Every
    chart's files come from the "Download chart" menu beside it (app/downloads).
    """
    return {
        "topojsonURL": geo.topojson_url(base_path()),
        "displaylogo": False,
        "displayModeBar": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
        "responsive": True,
    }


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly.js JSON, serialized once per figure object.

    Cached figures (app/cache) are shared and never changed, so their JSON is kept on the
    object itself: a rerun sends the same string without serializing again.
    """
    cached = getattr(fig, "_po_json", None)
    if cached is None:
        cached = _serialize(fig)
        fig._po_json = cached  # underscore attributes are plain attributes on a Figure
    return cached


def bundles(fig: go.Figure) -> list[dict[str, str]]:
    """The shipped bundles that draw every trace of `fig`, smallest first, with their URLs
    (worked out once per figure object, like its JSON)."""
    key = base_path()
    kept = getattr(fig, "_po_bundles", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    types = {t.type for t in fig.data}
    found = [
        {"name": b.name, "url": geo.static_url(b.file, key)}
        for b in vendor.bundles_for(types)
        if b.path.is_file()
    ]
    fig._po_bundles = (key, found)  # underscore attributes are plain attributes on a Figure
    return found


def draw(
    fig: go.Figure,
    key: str,
    alt: str,
    *,
    clickable: bool = False,
    unavailable: str = UNAVAILABLE,
) -> list[str] | None:
    """Draw `fig`; returns the state codes clicked (at most one), or None if no shipped bundle
    draws this figure (the caller then uses Streamlit's own chart element)."""
    found = bundles(fig)
    if not found:
        return None
    result = _component(
        key=key,
        data={
            "figure": figure_json(fig),
            "config": plotly_config(key),
            "bundles": found,
            "alt": alt,
            "clickable": clickable,
            "height": int(fig.layout.height or DEFAULT_HEIGHT),
            "unavailable": unavailable,
        },
        on_clicked_change=lambda: None,
    )
    code = getattr(result, "clicked", None)
    return [code] if clickable and isinstance(code, str) and code in STATE_NAMES else []
