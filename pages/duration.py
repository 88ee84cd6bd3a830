"""Duration: final-order caps, emergency terms, minimums, extensions, state by state."""

import html

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.core.schema import FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import metrics

widgets.page_guard()

PARAMS = [urlstate.Param("state", "state", default=None)]
FIELDS = (
    "final_order_max_months",
    "final_order_duration_status",
    "final_order_min_months",
    "final_order_max_months_aggravated",
    "emergency_order_max_days",
    "final_order_extendable",
    "indefinite_order_possible",
)

GROUP_COLUMNS = {"jurisdictions": "Jurisdictions", "states": "States"}

st.title("How long do protective orders last?")
widgets.caveat()
q = widgets.read_query(PARAMS)

state = widgets.highlight_picker(
    "duration_state", q["state"], "Outlines its block in every chart and shows its duration cell."
)
widgets.write_query({"state": state}, PARAMS)

df = cache.dataset()

if state:
    with st.container(border=True):
        st.markdown(f"**{STATE_NAMES[state]}**")
        cols = st.columns(4)
        for i, (label, value) in enumerate(cache.memo(metrics.field_values, state, FIELDS)):
            cols[i % 4].markdown(f"{label}  \n**{widgets.md_escape(value)}**")
        cell = df.loc[df.state_code == state, "duration_text"].iloc[0]
        st.html(
            "<div style='font-size:0.9rem'><b>Duration cell, verbatim:</b> "
            + (html.escape(cell) if cell else "<i>(empty cell)</i>")
            + "</div>"
        )
        st.page_link(
            "pages/profile.py", label="Open the full profile", query_params={"state": state}
        )

st.caption(
    "Every block is one jurisdiction (50 states and DC), labelled with its code. "
    "Hover a block for the source's own words. Hatched grey blocks: the source does "
    "not state the value."
)

st.header("Final orders")
groups = cache.memo(metrics.cap_groups)
widgets.chart(
    cache.figure("duration_distribution", highlight=state),
    key="duration_distribution",
    alt=metrics.groups_alt("Maximum term of a final protective order", groups),
)
st.caption(
    " ".join(
        f"{g.label} ({g.count}): {', '.join(g.codes)}."
        for g in groups
        if g.key in ("no_fixed_limit", "not_stated")
    )
    + " “No fixed limit”: the order lasts until further order of court, or for a "
    "period the court chooses."
)
with st.expander("The chart as a table"):
    widgets.table(
        cache.memo_table(
            GROUP_COLUMNS | {"value": "Maximum term"}, metrics.grouped_table, metrics.cap_groups
        ),
        align_right=("Jurisdictions",),
    )

groups = cache.memo(metrics.value_groups, "final_order_min_months")
widgets.chart(
    cache.figure("minimum_terms", highlight=state),
    key="minimum_terms",
    alt=metrics.groups_alt("Stated minimum term of a final order", groups),
)
st.caption(
    "; ".join(f"{g.label}: {', '.join(g.codes)}" for g in groups if not g.not_stated)
    + ". "
    + metrics.not_stated_note(groups)
)

widgets.chart(
    cache.figure("duration_flags", highlight=state),
    key="duration_flags",
    alt="Can a final order be extended, or last indefinitely? "
    + " ".join(
        metrics.groups_alt(FIELDS_BY_NAME[f].label, cache.memo(metrics.flag_groups, f))
        for f in metrics.DURATION_FLAG_FIELDS
    ),
)
for f in metrics.DURATION_FLAG_FIELDS:
    st.caption(
        f"**{FIELDS_BY_NAME[f].label}**: "
        + "; ".join(
            f"{g.label} {g.count}" + (f" ({', '.join(g.codes)})" if 0 < g.count <= 12 else "")
            for g in cache.memo(metrics.flag_groups, f)
        )
        + ". "
        + FIELDS_BY_NAME[f].description
    )

st.header("Emergency and temporary orders")
groups = cache.memo(metrics.value_groups, "emergency_order_max_days")
widgets.chart(
    cache.figure("emergency_terms", highlight=state),
    key="emergency_terms",
    alt=metrics.groups_alt("Longest term of an emergency or temporary order", groups),
)
st.caption(metrics.not_stated_note(groups))
with st.expander("The chart as a table"):
    widgets.table(
        cache.memo_table(
            GROUP_COLUMNS | {"value": "Longest term"},
            metrics.grouped_table,
            metrics.value_groups,
            "emergency_order_max_days",
        ),
        align_right=("Jurisdictions",),
    )

st.header("State by state")
st.caption(
    "Every value as coded, beside the duration cell it was read from, as one table for "
    "all 51 jurisdictions. To sort or filter them, use Explore."
)
widgets.field_table(
    cache.memo(metrics.duration_table),
    metrics.DURATION_COLUMNS,
    "Every jurisdiction's duration values and the cell they were read from",
    cell=("duration_text", "duration_text"),
)
