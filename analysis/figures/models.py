"""Charts for a policy brief: the 51-jurisdiction distribution with the chosen states marked.

The bars are the app's own groups (analysis.facts.metrics.Group: value_groups, cap_groups,
code_groups), so a brief's chart counts and labels are the topic pages'.

Pure: (dataset, chosen state codes) -> plotly Figure, finished with style.finish so they
carry title, subtitle and source line like every other chart. Colour is never the only
cue: bars holding a chosen state are labelled with its code, and "Not stated" bars are
hatched.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.core import display
from analysis.core.schema import (
    FEES_WAIVED_CODES,
    FIELDS_BY_NAME,
    PETITIONER_FIELDS,
    REMEDY_FIELDS,
    TRANSMISSION_CODES,
)
from analysis.facts import metrics
from analysis.facts.metrics import Group
from analysis.figures import style

CHOSEN_COLOR = "#0072B2"
OTHER_COLOR = "#c9c9c9"
NOT_STATED_FILL = "#eeeeee"


def highlight_bars(bars: list[Group], chosen: list[str], title: str, measure: str) -> go.Figure:
    """Bars of all 51 jurisdictions; bars holding a chosen state are blue and labelled."""
    chosen_set = set(chosen)
    colors, patterns, labels, hover = [], [], [], []
    for b in bars:
        mine = [c for c in chosen if c in b.codes]
        colors.append(CHOSEN_COLOR if mine else (NOT_STATED_FILL if b.not_stated else OTHER_COLOR))
        patterns.append("/" if b.not_stated else "")
        labels.append(f"{len(b.codes)}" + (f"  <b>{', '.join(mine)}</b>" if mine else ""))
        hover.append(
            f"{b.label}: {len(b.codes)} jurisdictions<br>"
            + style.wrap(", ".join(b.codes) or "(none)", 50)
        )
    fig = go.Figure(
        go.Bar(
            y=[b.label for b in bars],
            x=[len(b.codes) for b in bars],
            orientation="h",
            marker={
                "color": colors,
                "line": {"color": "#555555", "width": 0.6},
                "pattern": {"shape": patterns, "fgcolor": "#888888", "size": 6},
            },
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    top = max((len(b.codes) for b in bars), default=1)
    fig.update_xaxes(
        title=None,
        range=[0, top * 1.25 + 2],
        side="top",
        gridcolor="#eeeeee",
        zeroline=True,
        zerolinecolor="#999999",
    )
    fig.update_yaxes(
        title=None,
        type="category",
        automargin=True,
        categoryorder="array",
        categoryarray=[b.label for b in bars][::-1],
    )
    fig.update_layout(plot_bgcolor="#ffffff", bargap=0.25, width=900)
    chosen_note = "blue: " + ", ".join(c for c in chosen if c in chosen_set)
    fig = style.finish(
        fig,
        title,
        f"Jurisdictions (of 51) by {measure}; {chosen_note}; hatched: not stated",
        height=150 + 30 * len(bars),
    )
    fig.update_layout(margin={"t": 105})
    return fig


def flag_matrix(
    df: pd.DataFrame, fields: tuple[str, ...], chosen: list[str], title: str, subtitle: str
) -> go.Figure:
    """Rows = yes/no fields, columns = chosen states: filled = named, hollow = not named."""
    sub = df.set_index("state_code", drop=False)
    rows = {c: sub.loc[c].to_dict() for c in chosen}
    ys = [
        f"{FIELDS_BY_NAME[f].label} ({int(df[f].fillna(False).astype(bool).sum())}/51)"
        for f in fields
    ]
    fig = go.Figure()
    for named in (True, False):
        xs, yy, texts = [], [], []
        for f, y in zip(fields, ys, strict=True):
            for c in chosen:
                words = display.value_text(f, rows[c])
                if (words == "Yes") == named:
                    xs.append(c)
                    yy.append(y)
                    texts.append(f"{rows[c]['state_name']}: {words} - {y}")
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=yy,
                mode="markers",
                marker={
                    "symbol": "circle" if named else "circle-open",
                    "size": 16,
                    "color": CHOSEN_COLOR if named else "#777777",
                    "line": {"width": 2, "color": CHOSEN_COLOR if named else "#777777"},
                },
                name="Named in Table 32 (Yes)" if named else "Not named or not stated",
                hovertext=texts,
                hoverinfo="text",
            )
        )
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=chosen, side="top", showgrid=False
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=ys[::-1],
        automargin=True,
        gridcolor="#eeeeee",
    )
    width = 560 + 120 * len(chosen)
    label_room = 400  # px left of the plot for the row labels
    fig.update_yaxes(automargin=False)
    fig.update_layout(
        plot_bgcolor="#ffffff",
        width=width,
        legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top"},
    )
    height = 170 + 34 * len(fields)
    fig = style.finish(
        fig, title, subtitle + "; in brackets: jurisdictions of 51 named", height=height
    )
    fig.update_layout(margin={"l": label_room, "r": 30, "b": 110})
    # The source line starts at the figure's left edge (below the labels), under the legend.
    fig.layout.annotations[-1].update(x=-(label_room - 24) / (width - label_room - 30), yshift=-30)
    return fig


def topic_figure(topic: str, df: pd.DataFrame, chosen: list[str]) -> go.Figure:
    """The brief's chart for one topic: the app's own groups (analysis.facts.metrics), with
    the chosen states marked."""
    if topic == "duration":
        return highlight_bars(
            metrics.cap_groups(df), chosen, "Maximum term of a final order", "stated cap"
        )
    if topic == "penalties":
        return highlight_bars(
            metrics.value_groups(df, "violation_max_jail_days"),
            chosen,
            "Maximum jail for a first violation",
            "stated maximum",
        )
    if topic == "transmission":
        return highlight_bars(
            metrics.code_groups(df, "transmission_deadline", TRANSMISSION_CODES),
            chosen,
            "Deadline for sending an order to law enforcement",
            "deadline, strictest first",
        )
    if topic == "fees":
        return highlight_bars(
            metrics.code_groups(df, "fees_waived", FEES_WAIVED_CODES),
            chosen,
            "Are filing and service fees waived?",
            "answer",
        )
    if topic == "who_may_apply":
        return flag_matrix(
            df,
            PETITIONER_FIELDS,
            chosen,
            "Who may apply for an order",
            "Filled: the Table 32 entry names this petitioner",
        )
    if topic == "remedies":
        return flag_matrix(
            df,
            REMEDY_FIELDS,
            chosen,
            "What an order can do",
            "Filled: the Table 32 entry names this remedy",
        )
    raise ValueError(f"unknown topic {topic!r}")
