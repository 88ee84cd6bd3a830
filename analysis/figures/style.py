"""Shared look: colour-blind-safe palettes, not-stated styling, source line, hover text."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from analysis.core import display
from analysis.core.schema import TRANSMISSION_CODES
from analysis.core.texts import SOURCE_LINE
from analysis.facts import metrics

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
# Transmission deadlines, strictest first (sequential: strict reads dark).
TRANSMISSION_PALETTE = ["#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743"]


@dataclass(frozen=True)
class Category:
    """One legend entry of a categorical map: label, colour and (for gaps) a symbol."""

    key: str
    label: str
    color: str
    symbol: str = ""  # shown on the map as a non-colour cue


def duration_categories() -> list[Category]:
    """The duration map's legend (metrics.duration_bins) with colours and gap symbols."""
    bins = metrics.duration_bins()
    stated = [b for b in bins if b.key not in metrics.GAP_KEYS]
    cats = [Category(b.key, b.label, SEQUENTIAL[i]) for i, b in enumerate(stated)]
    gaps = {
        "no_fixed_limit": (NO_LIMIT_COLOR, NO_LIMIT_SYMBOL),
        "not_stated": (NOT_STATED_COLOR, NOT_STATED_SYMBOL),
    }
    cats += [Category(b.key, b.label, *gaps[b.key]) for b in bins if b.key in gaps]
    return cats


def transmission_categories() -> list[Category]:
    """The deadlines in order of strictness; 'no deadline stated' grey with its symbol."""
    cats = [
        Category(code, display.choice_text("transmission_deadline", code), TRANSMISSION_PALETTE[i])
        for i, code in enumerate(TRANSMISSION_CODES[:-1])
    ]
    last = TRANSMISSION_CODES[-1]
    cats.append(
        Category(
            last,
            display.choice_text("transmission_deadline", last),
            NOT_STATED_COLOR,
            NOT_STATED_SYMBOL,
        )
    )
    return cats


def wrap(text: str, width: int = 60, max_lines: int = 6) -> str:
    """Text wrapped for a plotly hover label (<br> between lines)."""
    if not text:
        return "(empty cell)"
    lines = textwrap.wrap(text, width=width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(lines)


def _luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    h = hex_color.lstrip("#")
    lin = []
    for i in (0, 2, 4):
        v = int(h[i : i + 2], 16) / 255
        lin.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_color_for(hex_color: str) -> str:
    """Black or white, whichever has the higher WCAG contrast on the given fill."""
    black, white = contrast(hex_color, "#000000"), contrast(hex_color, "#ffffff")
    return "#000000" if black >= white else "#ffffff"


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
