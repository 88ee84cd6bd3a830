"""Shared look: colour-blind-safe palettes, not-stated styling, source line, hover text."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

# Sequential, colour-blind safe (viridis, light to dark reads as short to long).
SEQUENTIAL = ["#fde725", "#90d743", "#35b779", "#21918c", "#31688e", "#443983", "#440154"]
# Not stated / no fixed limit: neutral greys, always paired with a symbol (not colour alone).
NOT_STATED_COLOR = "#e0e0e0"
NO_LIMIT_COLOR = "#9e9e9e"
NOT_STATED_LABEL = "Not stated"
NOT_STATED_SYMBOL = "?"
NO_LIMIT_SYMBOL = "∞"
# Qualitative, colour-blind safe (Okabe-Ito).
QUALITATIVE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]
FONT = "DejaVu Sans, Arial, sans-serif"

SOURCE_LINE = (
    "Source: Table 32: Protective Orders (undated), coded by this project.<br>"
    "Reflects the source as published, not current law."
)


def wrap(text: str, width: int = 60, max_lines: int = 6) -> str:
    """Text wrapped for a plotly hover label (<br> between lines)."""
    if not text:
        return "(empty cell)"
    lines = textwrap.wrap(text, width=width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(lines)


def text_color_for(hex_color: str) -> str:
    """Black or white, whichever reads better on the given fill."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if lum > 0.45 else "#ffffff"


def finish(
    fig: go.Figure, title: str, subtitle: str = "", height: int = 480, source: str = SOURCE_LINE
) -> go.Figure:
    """Title, subtitle and source line, so an exported image stands on its own."""
    full_title = f"<b>{title}</b>" + (f"<br><sup>{subtitle}</sup>" if subtitle else "")
    fig.update_layout(
        title={"text": full_title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 80 if subtitle else 60, "b": 70},
        legend={"title": {"text": ""}},
        meta={"title": title, "source": source},
    )
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.02,
        yanchor="top",
        xanchor="left",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#666666"},
        name="source-line",
    )
    return fig
