"""Topic charts: order duration, violation penalties, transmission to law enforcement.

Most are unit charts: every jurisdiction is one block, labelled with its code and
stacked on the bar of its value, so a bar's height is a count and hovering a block shows
that jurisdiction's own source words. "Not stated" is always a bar of its own, grey and
hatched (a pattern, not colour alone). Every block carries its state code in customdata,
so `highlight()` can outline one jurisdiction on a cached copy without a rebuild. The
severity index takes the reader's weights; called with the dataset alone it uses equal
weights.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.core import display
from analysis.core.schema import FIELDS_BY_NAME, OFFENSE_LEVEL_CODES, TRANSMISSION_CODES
from analysis.facts import metrics
from analysis.facts.metrics import Group
from analysis.figures.base import Charts
from analysis.figures.style import (
    NOT_STATED_COLOR,
    QUALITATIVE,
    duration_categories,
    finish,
    text_color_for,
    transmission_categories,
    wrap,
)

CHARTS = Charts()

STATED_COLOR = QUALITATIVE[0]
NOT_STATED_PATTERN = "/"
NO_LIMIT_PATTERN = "x"
HIGHLIGHT_LINE = "#000000"
UNIT_LINE = "#ffffff"
# Hover shows this much of a cell (the per-state tables show all of it).
HOVER_WIDTH = 70
HOVER_LINES = 10


def _lookup(df: pd.DataFrame, source_col: str) -> dict[str, tuple[str, str]]:
    """state_code -> (state name, source cell), for fast hover text."""
    return dict(
        zip(df["state_code"], zip(df["state_name"], df[source_col], strict=True), strict=True)
    )


def _hover(info: tuple[str, str], label: str, value_text: str) -> str:
    name, cell = info
    # Source text is escaped: plotly reads hover text as (a subset of) HTML.
    return (
        f"<b>{html.escape(name)}</b><br>{label}: {value_text}"
        f"<br><i>Source:</i> {wrap(html.escape(cell), HOVER_WIDTH, HOVER_LINES)}"
    )


def _marker(color: str, pattern: str) -> dict:
    return {
        "color": color,
        "line": {"color": UNIT_LINE, "width": 1},
        # "overlay": the hatch is drawn over the fill colour (the default leaves it clear).
        "pattern": {
            "shape": pattern,
            "fillmode": "overlay",
            "fgcolor": "#666666",
            "size": 7,
            "solidity": 0.15,
        },
    }


def _canonical(obj: object) -> object:
    """Dicts with their keys sorted, recursively (lists keep their order)."""
    if isinstance(obj, dict):
        return {k: _canonical(obj[k]) for k in sorted(obj)}
    if isinstance(obj, list):
        return [_canonical(v) for v in obj]
    return obj


def _from_props(props: dict) -> go.Figure:
    return TopicFigure(_canonical(props), _validate=False)


class TopicFigure(go.Figure):
    """A plotly Figure that copies and unpickles fast, and to exactly the same JSON.

    A plain Figure re-validates every property when unpickled or deep-copied (about
    18 ms for a 51-block chart; this one about 2 ms), and comes back with its properties
    in another order, so its JSON differs: a cache that hands out copies (st.cache_data)
    would make Streamlit see a new chart on the rerun and drop a click made on the first
    one. Tests validate every chart once with plotly's own validators.
    """

    def __reduce__(self):
        return (_from_props, (self.to_dict(),))


def stable(fig: go.Figure) -> go.Figure:
    """The figure with its properties in one canonical order, fresh or unpickled alike.

    Use on a cached figure that is clickable, so its first and later renders are the
    same chart to Streamlit (see TopicFigure).
    """
    return _from_props(fig.to_dict())


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    return TopicFigure(data=traces, layout=layout, _validate=False)


def highlight(fig: go.Figure, code: str | None) -> go.Figure:
    """A copy of the figure with one jurisdiction's block (or bar) framed in black.

    Never changes `fig` (cached figures are shared between sessions). Works for the unit
    charts, the yes/no rows and the index bars; without a code, returns `fig` itself.
    """
    if not code:
        return fig
    props = fig.to_dict()
    layout = props.get("layout", {})
    bars = [t for t in props.get("data", []) if t.get("type") == "bar"]
    if not bars or any(t.get("orientation") != "h" for t in bars):
        return fig
    order = list(layout.get("yaxis", {}).get("categoryarray") or ())
    bargap = layout.get("bargap")
    half = (1 - (bargap if bargap is not None else 0.2)) / 2
    stack = layout.get("barmode") == "stack"
    stacked: dict[object, float] = {}
    frames = []
    for trace in bars:
        if trace.get("customdata") is None:
            continue
        for y, x, c in zip(trace["y"], trace["x"], trace["customdata"], strict=False):
            base = stacked.get(y, 0.0) if stack else 0.0
            if c == code and y in order:
                pos = order.index(y)
                frames.append(
                    {
                        "type": "rect",
                        "xref": "x",
                        "yref": "y",
                        "x0": base,
                        "x1": base + (x or 0),
                        "y0": pos - half,
                        "y1": pos + half,
                        "line": {"color": HIGHLIGHT_LINE, "width": 3},
                        "fillcolor": "rgba(0,0,0,0)",
                        "name": f"highlight {code}",
                    }
                )
            stacked[y] = base + (x or 0)
    if not frames:
        return fig
    layout["shapes"] = [*layout.get("shapes", []), *frames]
    props["layout"] = layout
    return _from_props(props)


def _unit_chart(
    df: pd.DataFrame,
    groups: list[Group],
    colors: dict[str, str],
    value_label: str,
    source_col: str,
    title: str,
    subtitle: str,
    patterns: dict[str, str] | None = None,
    axis_title: str = "",
    *,
    field: str,
) -> go.Figure:
    """One block per jurisdiction, in a row for its group (first group on top); a block's
    hover gives the jurisdiction's value in its own words (display.value_text)."""
    info = _lookup(df, source_col)
    words = {row["state_code"]: display.value_text(field, row) for row in df.to_dict("records")}
    patterns = patterns or {}
    order = [g.label for g in groups]
    # A long row has narrow blocks: turn its codes upright so they still fit.
    angle = -90 if max((g.count for g in groups), default=0) > 30 else 0
    traces = []
    for g in groups:
        color = colors.get(g.key, NOT_STATED_COLOR if g.not_stated else STATED_COLOR)
        pattern = patterns.get(g.key, NOT_STATED_PATTERN if g.not_stated else "")
        codes = list(g.codes)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [g.label] * len(codes) or [g.label],
                "x": [1] * len(codes) or [0],
                "name": f"{g.label} ({g.count})",
                "text": codes or [""],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": angle,
                "textfont": {"color": text_color_for(color), "size": 11},
                "customdata": codes or [None],
                "hovertext": [_hover(info[c], value_label, words[c]) for c in codes]
                or [f"{g.label}: no jurisdiction"],
                "hoverinfo": "text",
                "marker": _marker(color, pattern),
                "showlegend": False,
                "meta": {"group": g.key, "not_stated": g.not_stated},
            }
        )
    top = max((g.count for g in groups), default=0)
    layout = {
        "barmode": "stack",
        "bargap": 0.2,
        "plot_bgcolor": "rgba(0,0,0,0)",
        "uniformtext": {"minsize": 8, "mode": "hide"},
        "dragmode": False,
        "hoverlabel": {"align": "left"},
        "annotations": [
            {
                "y": g.label,
                "x": g.count,
                "text": f"<b>{g.count}</b>",
                "showarrow": False,
                "xanchor": "left",
                "xshift": 4,
                "font": {"size": 12},
            }
            for g in groups
        ],
        # Category axes always: plotly would read "$1,000" as a number otherwise.
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order[::-1],
            "title": axis_title,
            "fixedrange": True,
            "ticksuffix": " ",
        },
        "xaxis": {
            "range": [0, top * 1.08 + 1],
            "fixedrange": True,
            "gridcolor": "#eeeeee",
            "side": "top",
            "rangemode": "tozero",
        },
    }
    height = 150 + 34 * len(groups)
    return stable(finish(_figure(traces, layout), title, subtitle, height=max(height, 300)))


# A yes/no row's blocks by what they read: Yes, an explicit No, and the silent readings.
FLAG_STYLES = {
    "Yes": (QUALITATIVE[0], ""),
    "No": (QUALITATIVE[1], ""),
    "Not named": (NOT_STATED_COLOR, NOT_STATED_PATTERN),
    "Not stated": ("#bdbdbd", NOT_STATED_PATTERN),
}


def _flag_rows(
    df: pd.DataFrame,
    fields: Sequence[str],
    source_col: str,
    title: str,
    subtitle: str,
    labels: dict[str, str] | None = None,
) -> go.Figure:
    """A row per yes/no field: one block per jurisdiction, grouped as display says them
    (Yes, then "No", "Not named", "Not stated"); one legend entry per reading."""
    info = _lookup(df, source_col)
    labels = labels or {}
    per_field = {f: metrics.flag_groups(df, f) for f in fields}
    y_labels = {}
    for f in fields:
        counts = " · ".join(f"{g.label} {g.count}" for g in per_field[f])
        y_labels[f] = f"<b>{labels.get(f, FIELDS_BY_NAME[f].label)}</b><br>{counts}"
    readings = [
        r
        for r in FLAG_STYLES
        if any(g.label == r and g.count for f in fields for g in per_field[f])
    ]
    traces = []
    for reading in readings:
        xs, ys, codes, hover = [], [], [], []
        for f in fields:
            for g in per_field[f]:
                if g.label != reading:
                    continue
                for c in g.codes:
                    xs.append(1)
                    ys.append(y_labels[f])
                    codes.append(c)
                    hover.append(_hover(info[c], FIELDS_BY_NAME[f].label, reading))
        color, pattern = FLAG_STYLES[reading]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": xs or [0],
                "y": ys or [y_labels[fields[0]]],
                "name": reading,
                "text": codes or [""],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": -90,
                "textfont": {"color": text_color_for(color), "size": 10},
                "customdata": codes or [None],
                "hovertext": hover or [""],
                "hoverinfo": "text",
                "marker": _marker(color, pattern),
                "meta": {"group": reading},
            }
        )
    layout = {
        "barmode": "stack",
        "bargap": 0.35,
        "plot_bgcolor": "rgba(0,0,0,0)",
        "dragmode": False,
        "hoverlabel": {"align": "left"},
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [y_labels[f] for f in fields][::-1],
            "fixedrange": True,
        },
        "xaxis": {
            "range": [0, len(df)],
            "fixedrange": True,
            "gridcolor": "#eeeeee",
            "dtick": 5,
            "showticklabels": False,
        },
    }
    return stable(finish(_figure(traces, layout), title, subtitle, height=170 + 85 * len(fields)))


# --- Duration ---------------------------------------------------------------------------


def _cap_colors(groups: list[Group]) -> dict[str, str]:
    """The overview map's colours: each cap coloured by its duration bin."""
    by_key = {c.key: c.color for c in duration_categories()}
    out = {}
    for g in groups:
        if g.key in ("no_fixed_limit", "not_stated"):
            out[g.key] = by_key[g.key]
        else:
            out[g.key] = by_key[metrics.duration_category("fixed", float(g.key))]
    return out


@CHARTS.register("duration_distribution", "Maximum term of a final order: how many jurisdictions")
def duration_distribution(df: pd.DataFrame) -> go.Figure:
    groups = metrics.cap_groups(df)
    return _unit_chart(
        df,
        groups,
        _cap_colors(groups),
        "Maximum term",
        "duration_text",
        "Maximum term of a final protective order",
        "One block per jurisdiction; extensions excluded. Hatched: the source states no maximum.",
        patterns={"no_fixed_limit": NO_LIMIT_PATTERN},
        axis_title="Maximum term",
        field="final_order_max_months",
    )


@CHARTS.register("emergency_terms", "Longest term of an emergency or temporary order")
def emergency_terms(df: pd.DataFrame) -> go.Figure:
    groups = metrics.value_groups(df, "emergency_order_max_days")
    return _unit_chart(
        df,
        groups,
        {},
        "Emergency order: maximum term",
        "duration_text",
        "Emergency, ex parte or temporary orders: longest stated term",
        "Before the full hearing; extensions excluded. Hatched: not stated.",
        axis_title="Maximum term (days)",
        field="emergency_order_max_days",
    )


@CHARTS.register("minimum_terms", "Stated minimum term of a final order")
def minimum_terms(df: pd.DataFrame) -> go.Figure:
    groups = metrics.value_groups(df, "final_order_min_months")
    return _unit_chart(
        df,
        groups,
        {},
        "Final order: minimum term",
        "duration_text",
        "Stated minimum term of a final order",
        "The lower end of a range, where the duration cell gives one. Hatched: not stated.",
        axis_title="Minimum term",
        field="final_order_min_months",
    )


@CHARTS.register("duration_flags", "Can a final order be extended, or last indefinitely?")
def duration_flags(df: pd.DataFrame) -> go.Figure:
    return _flag_rows(
        df,
        metrics.DURATION_FLAG_FIELDS,
        "duration_text",
        "Can a final order be extended, or last indefinitely?",
        "Not stated: the duration cell does not say so (hover a block for the cell).",
        labels={
            "final_order_extendable": "Extendable or renewable",
            "indefinite_order_possible": "Indefinite or permanent order possible",
        },
    )


# --- Penalties --------------------------------------------------------------------------


@CHARTS.register("penalty_jail", "Maximum jail term for a first violation")
def penalty_jail(df: pd.DataFrame) -> go.Figure:
    groups = metrics.value_groups(df, "violation_max_jail_days")
    return _unit_chart(
        df,
        groups,
        {},
        "Maximum jail",
        "penalty_text",
        "Maximum jail term for a first, basic violation",
        "An offence class alone gives no term. Hatched: not stated.",
        axis_title="Maximum jail term",
        field="violation_max_jail_days",
    )


@CHARTS.register("penalty_fine", "Maximum fine for a first violation")
def penalty_fine(df: pd.DataFrame) -> go.Figure:
    groups = metrics.value_groups(df, "violation_max_fine_usd")
    return _unit_chart(
        df,
        groups,
        {},
        "Maximum fine",
        "penalty_text",
        "Maximum fine for a first, basic violation",
        "An offence class alone gives no amount. Hatched: not stated.",
        axis_title="Maximum fine (USD)",
        field="violation_max_fine_usd",
    )


OFFENSE_COLORS = {
    "misdemeanor": QUALITATIVE[0],
    "felony": QUALITATIVE[5],
    "contempt": QUALITATIVE[2],
    "crime_unclassified": QUALITATIVE[4],
    "not_stated": NOT_STATED_COLOR,
}


@CHARTS.register("offense_level", "How a first violation is classified")
def offense_level(df: pd.DataFrame) -> go.Figure:
    groups = metrics.code_groups(df, "violation_offense_level", OFFENSE_LEVEL_CODES)
    return _unit_chart(
        df,
        groups,
        OFFENSE_COLORS,
        "Offence level",
        "penalty_text",
        "How a first violation is classified",
        "Every code of the codebook, including those no jurisdiction has. Hatched: not stated.",
        axis_title="Offence level",
        field="violation_offense_level",
    )


@CHARTS.register("penalty_flags", "Mandatory minimum jail and felony repeat violations")
def penalty_flags(df: pd.DataFrame) -> go.Figure:
    return _flag_rows(
        df,
        metrics.PENALTY_FLAG_FIELDS,
        "penalty_text",
        "Mandatory minimum jail; repeat violation as a felony",
        "Not stated: the penalty cell does not say so (hover a block for the cell).",
    )


SEVERITY_TITLE = "Your severity index (your weights)"


def _default_weights() -> dict[str, float]:
    return {f: 1.0 for f in metrics.SEVERITY_FIELDS}


@CHARTS.register("severity_index", SEVERITY_TITLE)
def severity_index_chart(
    df: pd.DataFrame, weights: dict[str, float] | None = None, missing: str = "skip"
) -> go.Figure:
    """Horizontal bars per jurisdiction, highest first; no index -> 'Not stated' label."""
    weights = weights if weights is not None else _default_weights()
    idx = metrics.severity_index(df, weights, missing)
    comps = metrics.severity_components(df)
    rows = {row["state_code"]: row for row in df.to_dict("records")}
    cells = dict(zip(df["state_code"], df["penalty_text"], strict=True))
    idx = idx.sort_values(
        ["index", "state_name"], ascending=[False, True], na_position="last", kind="stable"
    )
    n_weighted = int(idx["components_weighted"].iloc[0]) if len(idx) else 0
    records = idx.to_dict("records")
    labels = [f"{r['state_name']} ({r['state_code']})" for r in records]
    hover = []
    for r, label in zip(records, labels, strict=True):
        lines = [
            f"<b>{label}</b>",
            "Index: " + (display.NOT_STATED if pd.isna(r["index"]) else f"{r['index']:.1f}"),
        ]
        for c in comps:
            score = r[c.field]
            value = display.value_text(c.field, rows[r["state_code"]])
            s = "not stated" if pd.isna(score) else f"score {score:.2f}"
            lines.append(f"{c.label}: {value} ({s}, weight {float(weights.get(c.field, 0)):g})")
        cell = html.escape(cells[r["state_code"]])
        lines.append(f"<i>Source:</i> {wrap(cell, HOVER_WIDTH, 6)}")
        hover.append("<br>".join(lines))
    has_index = [not pd.isna(r["index"]) for r in records]
    complete = [r["components_stated"] >= n_weighted for r in records]
    partial_note = (
        "not-stated parts left out" if missing == "skip" else "not-stated parts count as 0"
    )
    traces = []
    for name, sel, color, pattern in (
        (
            "Every weighted component stated",
            [h and c for h, c in zip(has_index, complete, strict=True)],
            STATED_COLOR,
            "",
        ),
        (
            f"Some components not stated ({partial_note})",
            [h and not c for h, c in zip(has_index, complete, strict=True)],
            "#56B4E9",
            NOT_STATED_PATTERN,
        ),
    ):
        chosen = [i for i, s in enumerate(sel) if s]
        codes = [records[i]["state_code"] for i in chosen]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": [labels[i] for i in chosen] or [labels[0]],
                "x": [records[i]["index"] for i in chosen] or [0],
                "customdata": codes or [None],
                "hovertext": [hover[i] for i in chosen] or [""],
                "hoverinfo": "text",
                "marker": _marker(color, pattern),
                "text": [f"{records[i]['index']:.0f}" for i in chosen] or [""],
                "textposition": "outside",
                "cliponaxis": False,
            }
        )
    none = [i for i, h in enumerate(has_index) if not h]
    traces.append(
        {
            "type": "scatter",
            "mode": "text",
            "name": "Not stated (no weighted component stated)",
            "y": [labels[i] for i in none] or [labels[0]],
            "x": [0] * len(none) or [None],
            "text": ["Not stated"] * len(none) or [""],
            "textposition": "middle right",
            "textfont": {"color": "#555555"},
            "customdata": [records[i]["state_code"] for i in none] or [None],
            "hovertext": [hover[i] for i in none] or [""],
            "hoverinfo": "text",
        }
    )
    annotations = []
    if n_weighted == 0:
        annotations.append(
            {
                "text": "Every weight is 0: set at least one weight above 0.",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16},
            }
        )
    layout = {
        "barmode": "overlay",
        "bargap": 0.2,
        "plot_bgcolor": "rgba(0,0,0,0)",
        "dragmode": False,
        "hoverlabel": {"align": "left"},
        "annotations": annotations,
        "legend": {
            "orientation": "v",
            "x": 0.99,
            "xanchor": "right",
            "y": 0.01,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.9)",
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels[::-1],
            "fixedrange": True,
            "tickfont": {"size": 11},
        },
        "xaxis": {
            "range": [0, 108],
            "fixedrange": True,
            "gridcolor": "#eeeeee",
            "showticklabels": False,
            "dtick": 25,
        },
    }
    w_text = ", ".join(f"{c.label.lower()} {float(weights.get(c.field, 0)):g}" for c in comps)
    rule = "left out" if missing == "skip" else "counted as 0"
    fig = finish(
        _figure(traces, layout),
        SEVERITY_TITLE,
        f"Not an official measure. 0 = least severe, 100 = most. Not stated: {rule}."
        f"<br>Weights: {w_text}.",
        height=220 + 19 * len(idx),
    )
    fig.update_layout(margin={"t": 100})
    return stable(fig)


# --- Transmission -----------------------------------------------------------------------


@CHARTS.register(
    "transmission_deadlines", "Deadline for sending an order to law enforcement: counts"
)
def transmission_deadlines(df: pd.DataFrame) -> go.Figure:
    groups = metrics.code_groups(df, "transmission_deadline", TRANSMISSION_CODES)
    colors = {c.key: c.color for c in transmission_categories()}
    return _unit_chart(
        df,
        groups,
        colors,
        "Deadline",
        "transmission_text",
        "How many jurisdictions at each deadline",
        "Strictest stated deadline, strictest at the top. Hatched: no deadline stated.",
        axis_title="Deadline",
        field="transmission_deadline",
    )


@CHARTS.register("registry", "Orders entered into a state-level registry")
def registry(df: pd.DataFrame) -> go.Figure:
    return _flag_rows(
        df,
        ("statewide_registry",),
        "transmission_text",
        "Is the order entered into a state-level registry or database?",
        "Not named: the transmission cell does not name one (hover a block for the cell).",
        labels={"statewide_registry": "State-level registry"},
    )
