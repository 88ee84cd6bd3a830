"""Downloads & briefs: the dataset in every form, and a policy brief for chosen states."""

import streamlit as st

from analysis.app import cache, downloads, widgets
from analysis.core import urlstate
from analysis.core.schema import STATE_NAMES
from analysis.publish import briefs

widgets.page_guard()

PARAMS = [
    urlstate.Param("states", "states", default=None, max_items=briefs.MAX_STATES),
    urlstate.Param("topics", "choices", briefs.TOPIC_KEYS, default=None),
    urlstate.Param("format", "choice", briefs.FORMATS, default="pdf"),
    urlstate.Param("length", "choice", briefs.LENGTHS, default="short"),
]
FORMAT_LABELS = {"pdf": "PDF", "html": "HTML (self-contained)", "md": "Markdown"}

st.title("Downloads & briefs")
widgets.caveat()
q = widgets.read_query(PARAMS)
df = cache.dataset()

st.header("Policy brief")
st.write(
    "Choose up to 12 jurisdictions and the topics to cover. The brief compares them with "
    "each other and with all 51, in plain sentences, with charts, the statutes cited and "
    "the source's own words. Short: the key findings, one comparison table and one chart "
    "(two pages for three states and three topics); full: every topic in depth."
)
states = st.multiselect(
    "Jurisdictions",
    list(STATE_NAMES),
    default=q["states"] or [],
    format_func=lambda c: f"{STATE_NAMES[c]} ({c})",
    max_selections=briefs.MAX_STATES,
    key="export_states",
    placeholder="Choose jurisdictions",
)
topics = st.multiselect(
    "Topics",
    list(briefs.TOPIC_KEYS),
    default=q["topics"] or list(briefs.TOPIC_KEYS),
    format_func=downloads.topic_label,
    key="export_topics",
)
fmt = st.radio(
    "Format",
    list(briefs.FORMATS),
    index=list(briefs.FORMATS).index(q["format"]),
    format_func=FORMAT_LABELS.get,
    key="export_format",
    horizontal=True,
)
length = st.radio(
    "Length",
    list(briefs.LENGTHS),
    index=list(briefs.LENGTHS).index(q["length"]),
    format_func=briefs.LENGTH_LABELS.get,
    key="export_length",
    horizontal=True,
)
widgets.write_query(
    {
        "states": states,
        "topics": None if topics == list(briefs.TOPIC_KEYS) else topics,
        "format": fmt,
        "length": length,
    },
    PARAMS,
)
downloads.brief_builder(df, states, topics, fmt, length)

st.header("The dataset")
st.write(
    "Everything behind the app, with the evidence for every value, as CSV, XLSX, Parquet "
    "and SQLite. The data package describes every file (types, units, allowed codes, "
    "checksums, version, licence) in the Frictionless format, so tools can validate it."
)
downloads.dataset_downloads()
