"""Transmission: how fast an order must reach law enforcement, and state-level registries."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import urlstate
from analysis.core.schema import FIELDS_BY_NAME, TRANSMISSION_CODES, code_label
from analysis.facts import metrics

widgets.page_guard()

PARAMS = [urlstate.Param("transmission_deadline", "choices", TRANSMISSION_CODES, default=[])]

st.title("How fast must an order reach law enforcement?")
widgets.caveat()
q = widgets.read_query(PARAMS)

df = cache.dataset()
counts = cache.memo(metrics.transmission_counts)

st.markdown(
    "Table 32's *Transmission to Law Enforcement* column says who gets a copy of the order "
    "and by when. Each jurisdiction is coded with the **strictest deadline its cell "
    "states**, from *Immediately* to *No deadline stated* (a recipient but no deadline, or "
    "an empty cell)."
)

map_alt = "Map of the transmission deadline by state. " + "; ".join(
    f"{r.deadline}: {r.jurisdictions}" + (f" ({r.states})" if r.states else "")
    for r in counts.itertuples()
)
widgets.chart(
    cache.figure("transmission_map"),
    key="transmission_map",
    alt=map_alt,
    clickable=True,
)
st.caption(
    "Click a state to open its profile. Hover for the source's own words. "
    "“?” marks a jurisdiction whose cell states no deadline."
)
st.header("Deadlines, strictest first")
groups = cache.memo(metrics.code_groups, "transmission_deadline", TRANSMISSION_CODES)
widgets.chart(
    cache.figure("transmission_deadlines"),
    key="transmission_deadlines",
    alt=metrics.groups_alt("Deadline for sending an order to law enforcement", groups),
)
registry_label = "Of which: state-level registry"
widgets.table(
    counts.drop(columns="code").rename(
        columns={
            "deadline": "Deadline",
            "jurisdictions": "Jurisdictions",
            "states": "States",
            "registry": registry_label,
        }
    ),
    column_help={registry_label: FIELDS_BY_NAME["statewide_registry"].description},
    align_right=("Jurisdictions", registry_label),
)

st.header("Entered into a state-level registry")
registry = cache.memo(metrics.flag_groups, "statewide_registry")
widgets.chart(
    cache.figure("registry"),
    key="registry",
    alt=metrics.groups_alt("Orders entered into a state-level registry or database", registry),
)
st.caption(
    f"Yes ({registry[0].count}): {', '.join(registry[0].codes)}. "
    + FIELDS_BY_NAME["statewide_registry"].description
    + " Not named: the transmission cell does not name a registry."
)

st.header("What each cell says")
chosen = st.multiselect(
    "Show only these deadlines",
    list(TRANSMISSION_CODES),
    default=q["transmission_deadline"],
    format_func=code_label,
    key="transmission_filter",
    placeholder="All deadlines",
)
widgets.write_query({"transmission_deadline": chosen}, PARAMS)
table = cache.memo(metrics.transmission_table, tuple(chosen))
st.caption(f"{len(table)} of {len(df)} jurisdictions, strictest deadline first.")
widgets.field_table(
    table,
    metrics.TRANSMISSION_COLUMNS,
    "The jurisdictions shown, their deadline and registry, and the cell they were read from",
    cell=("transmission_text", "transmission_text"),
)
