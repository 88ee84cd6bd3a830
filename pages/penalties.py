"""Penalties: what violating an order costs, state by state, and a severity index you weight."""

import html

import pandas as pd
import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.core.schema import FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import metrics
from analysis.figures import topics

widgets.page_guard()

WEIGHT_PARAMS = {f: f"w_{f}" for f in metrics.SEVERITY_FIELDS}
PARAMS = [
    urlstate.Param("state", "state", default=None),
    *(urlstate.Param(p, "int", default=1, bounds=(0, 10)) for p in WEIGHT_PARAMS.values()),
    urlstate.Param("missing", "choice", metrics.MISSING_MODES, default="skip"),
]
FIELDS = (
    "violation_max_jail_days",
    "violation_max_fine_usd",
    "violation_offense_level",
    "mandatory_min_jail",
    "repeat_violation_felony",
)
MISSING_TEXT = {
    "skip": "Leave it out: the index is the weighted mean of the components the source "
    "states (their weights are rescaled)",
    "zero": "Count it as 0 (least severe)",
}

GROUP_COLUMNS = {"value": "Value", "jurisdictions": "Jurisdictions", "states": "States"}

st.title("What does violating an order cost?")
widgets.caveat()
q = widgets.read_query(PARAMS)

state = widgets.highlight_picker(
    "penalties_state", q["state"], "Outlines its block in every chart and shows its penalty cell."
)

df = cache.dataset()

if state:
    with st.container(border=True):
        st.markdown(f"**{STATE_NAMES[state]}**")
        cols = st.columns(len(FIELDS))
        for col, (label, value) in zip(
            cols, cache.memo(metrics.field_values, state, FIELDS), strict=True
        ):
            col.markdown(f"{label}  \n**{widgets.md_escape(value)}**")
        cell = df.loc[df.state_code == state, "penalty_text"].iloc[0]
        st.html(
            "<div style='font-size:0.9rem'><b>Penalty cell, verbatim:</b> "
            + (html.escape(cell) if cell else "<i>(empty cell)</i>")
            + "</div>"
        )
        st.page_link(
            "pages/profile.py", label="Open the full profile", query_params={"state": state}
        )

st.caption(
    "Each block is one jurisdiction, labelled with its code; hover it for the "
    "penalty cell in the source's own words. Hatched grey blocks: the source does "
    "not state the value. Values are for a first, basic violation."
)

st.header("Jail and fine for a first violation")
groups = cache.memo(metrics.value_groups, "violation_max_jail_days")
widgets.chart(
    cache.figure("penalty_jail", highlight=state),
    key="penalty_jail",
    alt=metrics.groups_alt("Maximum jail term for a first violation", groups),
)
st.caption(metrics.not_stated_note(groups))
groups = cache.memo(metrics.value_groups, "violation_max_fine_usd")
widgets.chart(
    cache.figure("penalty_fine", highlight=state),
    key="penalty_fine",
    alt=metrics.groups_alt("Maximum fine for a first violation", groups),
)
st.caption(metrics.not_stated_note(groups))

st.header("Offence level, mandatory jail, repeat violations")
level_groups = cache.memo(
    metrics.code_groups, "violation_offense_level", FIELDS_BY_NAME["violation_offense_level"].codes
)
widgets.chart(
    cache.figure("offense_level", highlight=state),
    key="offense_level",
    alt=metrics.groups_alt("How a first violation is classified", level_groups),
)
st.caption(
    metrics.not_stated_note(level_groups) + " An offence class alone gives no jail "
    "term or fine, which is why many jurisdictions above are Not stated."
)
flag_groups = {f: cache.memo(metrics.flag_groups, f) for f in metrics.PENALTY_FLAG_FIELDS}
widgets.chart(
    cache.figure("penalty_flags", highlight=state),
    key="penalty_flags",
    alt=" ".join(metrics.groups_alt(FIELDS_BY_NAME[f].label, g) for f, g in flag_groups.items()),
)
for f, g in flag_groups.items():
    st.caption(
        f"**{FIELDS_BY_NAME[f].label}**: Yes ({g[0].count}): "
        f"{', '.join(g[0].codes)}. {FIELDS_BY_NAME[f].description}"
    )

with st.expander("The charts as tables"):
    for f in ("violation_max_jail_days", "violation_max_fine_usd"):
        widgets.table(
            cache.memo_table(GROUP_COLUMNS, metrics.grouped_table, metrics.value_groups, f),
            FIELDS_BY_NAME[f].label,
            align_right=("Jurisdictions",),
        )
    widgets.table(
        cache.memo_table(
            GROUP_COLUMNS,
            metrics.grouped_table,
            metrics.code_groups,
            "violation_offense_level",
            FIELDS_BY_NAME["violation_offense_level"].codes,
        ),
        FIELDS_BY_NAME["violation_offense_level"].label,
        align_right=("Jurisdictions",),
    )

st.header("Your severity index (your weights)")
st.markdown(
    "There is no official way to rank penalties. This index is **yours**: choose how much "
    "each component counts (0 leaves it out). Each component is first turned into a "
    "score from 0 to 1 as shown below; the index is their weighted mean, times 100."
)
comps = cache.memo(metrics.severity_components)
weights: dict[str, float] = {}
wcols = st.columns(len(comps))
for col, c in zip(wcols, comps, strict=True):
    weights[c.field] = col.slider(
        c.label,
        0,
        10,
        value=int(q[WEIGHT_PARAMS[c.field]]),
        key=f"penalties_{WEIGHT_PARAMS[c.field]}",
        help=widgets.md_escape(f"Score: {c.how}."),
    )
missing = st.radio(
    "When the source does not state a component",
    list(metrics.MISSING_MODES),
    index=list(metrics.MISSING_MODES).index(q["missing"]),
    format_func=MISSING_TEXT.get,
    key="penalties_missing",
    horizontal=False,
)
widgets.write_query(
    {"state": state, "missing": missing, **{WEIGHT_PARAMS[f]: int(w) for f, w in weights.items()}},
    PARAMS,
)

widgets.preformatted(metrics.severity_formula(weights, missing))
widgets.table(
    pd.DataFrame(
        {
            "Component": [c.label for c in comps],
            "Field": [c.field for c in comps],
            "Score from 0 to 1": [c.how for c in comps],
            "Your weight": [int(weights[c.field]) for c in comps],
        }
    ),
    align_right=("Your weight",),
)
empty = cache.memo(metrics.empty_cell_states, "penalty_text")
st.caption(
    "**How Not stated is handled.** A jail term or fine the cell does not give, or an "
    "offence level it does not name, is not stated. Mandatory minimum and felony repeat "
    "are not stated where the cell does not say so; in the index such a silence scores 0, "
    "except where the whole penalty cell is empty ("
    + (", ".join(empty) or "no jurisdiction")
    + "), where the component is left out like any other not-stated value. "
    "A jurisdiction with no weighted component stated gets no index (shown as Not stated). "
    "Hatched bars: at least one weighted component is not stated; compare "
    "'Components stated' in the table below."
)
default_weights = all(w == 1 for w in weights.values()) and missing == "skip"
fig = (
    cache.figure("severity_index", highlight=state)
    if default_weights
    else topics.highlight(cache.memo(topics.severity_index_chart, weights, missing), state)
)
sev = cache.memo(metrics.severity_table, weights, missing)
widgets.chart(
    fig,
    key="severity_index",
    alt="Your severity index, highest first: "
    + "; ".join(f"{s} {i.strip()}" for s, i in zip(sev["state"], sev["index"], strict=True)),
)
with st.expander("The index as a table, with every component score"):
    widgets.table(
        cache.memo_table(
            {
                "state": "State",
                "index": "Index",
                "components_stated": "Components stated",
                **{c.field: c.label for c in comps},
            },
            metrics.severity_table,
            weights,
            missing,
        ),
        column_help={c.label: f"Score: {c.how}." for c in comps},
        align_right=("Index", "Components stated", *(c.label for c in comps)),
        max_height=640,
    )

st.header("State by state")
st.caption(
    "Every value as coded, beside the penalty cell it was read from, as one table for "
    "all 51 jurisdictions. To sort or filter them, use Explore."
)
widgets.field_table(
    cache.memo(metrics.penalty_table),
    metrics.PENALTY_COLUMNS,
    "Every jurisdiction's penalty values and the cell they were read from",
    cell=("penalty_text", "penalty_text"),
)
