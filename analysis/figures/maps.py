"""Maps: a geographic choropleth (Alaska and Hawaii inset) and an equal-size tile grid.

Both draw categories with a legend entry each (with its count), colour-blind-safe fills,
and a symbol for "not stated" / "no fixed limit" so colour is never the only cue. Every
state carries its code in customdata, so a click can open its profile.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from analysis.core import display, geo
from analysis.facts import metrics
from analysis.figures.base import Charts
from analysis.figures.style import (
    Category,
    duration_categories,
    finish,
    text_color_for,
    transmission_categories,
    wrap,
)

CHARTS = Charts()


def _hover(
    df: pd.DataFrame, value_label: str, value_text: pd.Series, source_col: str | None
) -> list:
    if source_col is None:
        return [
            f"<b>{name}</b><br>{value_label}: {value}<br><i>Click for the profile</i>"
            for name, value in zip(df["state_name"], value_text, strict=True)
        ]
    return [
        f"<b>{html.escape(name)}</b><br>{value_label}: {html.escape(value)}"
        f"<br><i>Source:</i> {wrap(html.escape(src))}"
        for name, value, src in zip(df["state_name"], value_text, df[source_col], strict=True)
    ]


def category_map(
    df: pd.DataFrame,
    category_col: str,
    categories: list[Category],
    value_label: str,
    value_text: pd.Series,
    source_col: str | None,
    title: str,
    subtitle: str = "",
) -> go.Figure:
    """A US choropleth by category: one trace per legend entry, symbols for the gaps."""
    # One choropleth trace for all states (fast to draw), a stepped colour scale by
    # category, and one legend entry per category (with its count) from empty traces.
    fig = go.Figure()
    hover = _hover(df, value_label, value_text, source_col)
    cents = geo.centroids()
    index = {cat.key: i for i, cat in enumerate(categories)}
    n = len(categories)
    scale = []
    for i, cat in enumerate(categories):
        scale += [[i / n, cat.color], [(i + 1) / n, cat.color]]
    fig.add_trace(
        go.Choropleth(
            locations=df["state_code"],
            z=[index.get(k, n - 1) + 0.5 for k in df[category_col]],
            zmin=0,
            zmax=n,
            locationmode="USA-states",
            colorscale=scale,
            showscale=False,
            customdata=df["state_code"],
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
            marker={"line": {"color": "#ffffff", "width": 0.8}},
            name=value_label,
        )
    )
    for cat in categories:
        sel = df[df[category_col] == cat.key]
        fig.add_trace(
            go.Scattergeo(
                lon=[None],
                lat=[None],
                mode="markers",
                marker={
                    "symbol": "square",
                    "size": 14,
                    "color": cat.color,
                    "line": {"color": "#888888", "width": 0.5},
                },
                name=f"{cat.label} ({len(sel)})" + (f" {cat.symbol}" if cat.symbol else ""),
                legendgroup=cat.key,
                showlegend=True,
                hoverinfo="skip",
            )
        )
        if cat.symbol and len(sel):
            pts = [cents[c] for c in sel["state_code"] if c in cents]
            fig.add_trace(
                go.Scattergeo(
                    lon=[p[0] for p in pts],
                    lat=[p[1] for p in pts],
                    mode="text",
                    text=[cat.symbol] * len(pts),
                    textfont={"size": 15, "color": "#222222"},
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=cat.key,
                    name=f"{cat.label} symbol",
                )
            )
    fig.update_geos(
        scope="usa",
        projection_type="albers usa",
        showlakes=False,
        showland=True,
        landcolor="rgba(0,0,0,0)",
        bgcolor="rgba(0,0,0,0)",
        showframe=False,
    )
    fig.update_layout(
        legend={
            "orientation": "v",
            "x": 1.0,
            "xanchor": "left",
            "y": 0.5,
            "itemclick": False,
            "itemdoubleclick": False,
            "title": {"text": value_label},
        },
        dragmode=False,
        clickmode="event+select",
    )
    return finish(fig, title, subtitle, height=520)


def tile_grid(
    df: pd.DataFrame,
    category_col: str,
    categories: list[Category],
    value_label: str,
    value_text: pd.Series,
    source_col: str,
    title: str,
    subtitle: str = "",
) -> go.Figure:
    """Equal-size tiles, one per jurisdiction (DC included), coloured by category."""
    fig = go.Figure()
    hover = pd.Series(_hover(df, value_label, value_text, source_col), index=df.index)
    for cat in categories:
        sel = df[df[category_col] == cat.key]
        xs = [geo.TILE_GRID[c][0] for c in sel["state_code"]]
        ys = [-geo.TILE_GRID[c][1] for c in sel["state_code"]]
        label = [f"{c}<br>{cat.symbol}" if cat.symbol else c for c in sel["state_code"]]
        fig.add_trace(
            go.Scatter(
                x=xs or [None],
                y=ys or [None],
                mode="markers+text",
                marker={
                    "symbol": "square",
                    "size": 44,
                    "color": cat.color,
                    "line": {"color": "#ffffff", "width": 1},
                },
                text=label or [""],
                textfont={"color": text_color_for(cat.color), "size": 12},
                customdata=list(sel["state_code"]) or [None],
                hovertext=list(hover[sel.index]) or [""],
                hoverinfo="text",
                name=f"{cat.label} ({len(sel)})",
                legendgroup=cat.key,
            )
        )
    fig.update_xaxes(visible=False, range=[-0.7, 11.7], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-7.7, 0.7], fixedrange=True, scaleanchor="x")
    fig.update_layout(
        plot_bgcolor="rgba(0,0,0,0)",
        dragmode=False,
        clickmode="event+select",
        legend={
            "orientation": "v",
            "x": 1.0,
            "xanchor": "left",
            "y": 0.5,
            "title": {"text": value_label},
        },
    )
    return finish(fig, title, subtitle, height=520)


DURATION_TITLE = "Maximum term of a final protective order"
DURATION_SUBTITLE = "Standard cap on the initial post-hearing order; extensions excluded"


def _duration_inputs(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    d = metrics.with_duration_category(df)
    text = pd.Series(
        [display.value_text("final_order_max_months", row) for row in d.to_dict("records")],
        index=d.index,
    )
    return d, text


@CHARTS.register("duration_map", DURATION_TITLE + " (map)")
def duration_map(df: pd.DataFrame) -> go.Figure:
    d, text = _duration_inputs(df)
    return category_map(
        d,
        "duration_category",
        duration_categories(),
        "Maximum term",
        text,
        "duration_text",
        DURATION_TITLE,
        DURATION_SUBTITLE,
    )


@CHARTS.register("duration_tiles", DURATION_TITLE + " (tile grid)")
def duration_tiles(df: pd.DataFrame) -> go.Figure:
    d, text = _duration_inputs(df)
    return tile_grid(
        d,
        "duration_category",
        duration_categories(),
        "Maximum term",
        text,
        "duration_text",
        DURATION_TITLE,
        DURATION_SUBTITLE,
    )


TRANSMISSION_TITLE = "Deadline for sending an order to law enforcement"


@CHARTS.register("transmission_map", TRANSMISSION_TITLE + " (map)")
def transmission_map(df: pd.DataFrame) -> go.Figure:
    text = pd.Series(
        [display.value_text("transmission_deadline", row) for row in df.to_dict("records")],
        index=df.index,
    )
    return category_map(
        df,
        "transmission_deadline",
        transmission_categories(),
        "Deadline",
        text,
        "transmission_text",
        TRANSMISSION_TITLE,
        "Strictest stated deadline",
    )


def match_map(df: pd.DataFrame, matches: pd.Series, description: str) -> go.Figure:
    """States matching a filter, highlighted; the others shown but muted."""
    d = df.copy()
    d["match"] = ["match" if m else "other" for m in matches]
    cats = [
        Category("match", "Matches", "#0072B2"),
        Category("other", "Does not match", "#e8e8e8", ""),
    ]
    text = d["match"].map({"match": "matches the filters", "other": "does not match"})
    return category_map(
        d,
        "match",
        cats,
        "Filters",
        text,
        None,
        f"{int(matches.sum())} of {len(d)} jurisdictions match",
        description,
    )
