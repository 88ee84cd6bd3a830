"""Methods & sources: codebook, how values were coded, claims, sources, citation, licences."""

import streamlit as st

from analysis.app import cache, widgets
from analysis.core import texts, urlstate
from analysis.core.schema import CODED_FIELDS, FIELDS_BY_NAME
from analysis.core.sources import load_sources
from analysis.facts import methods

widgets.page_guard()

PARAMS = [urlstate.Param("field", "choice", CODED_FIELDS, default=None)]


# cache_resource, not cache_data: these are shared and read-only (a copy per run would
# be unpickled every run, and widgets.table could not keep each table's HTML).
@st.cache_resource(show_spinner=False)
def _static() -> dict:
    """What does not depend on the processed data: schema, sources, licences."""
    sources = load_sources()
    return {
        "licences": methods.licences_table(),
        "codebook": methods.codebook_table(),
        "sources": methods.sources_table(sources),
        "checksums": methods.checksums_text(sources),
        "citations": methods.citations(sources),
        "dictionary": methods.data_dictionary_text(),
        "dictionary_current": methods.data_dictionary_current(),
        "release": methods.release_note(),
    }


@st.cache_resource(show_spinner=False, max_entries=64)
def _coding(field: str | None, version: str) -> tuple:
    """Counts of rule and reviewed values, and the reviewed values (for one field or all)."""
    ev = cache.evidence()
    return (
        methods.method_totals(ev),
        methods.method_counts(ev),
        methods.reviewed_values(cache.dataset(), ev, field),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def _checked(version: str) -> tuple:
    """The segmentation re-checked, and the narrative's claims as the build checked them."""
    return methods.segmentation_check(cache.summary()), methods.claims_table(cache.claims())


st.title("Methods & sources")
widgets.caveat()
q = widgets.read_query(PARAMS)
static = _static()

st.markdown(
    "On this page: [codebook](#codebook) · [how values were coded](#how-values-were-coded) · "
    "[the source's own claims](#claims) · [sources](#sources) · [how to cite](#cite) · "
    "[caveat](#caveat) · [licences](#licences) · [privacy](#privacy)"
)

st.header("Codebook", anchor="codebook")
st.markdown(
    "Every column of `protective_orders.csv`, generated from the project's schema "
    "(`analysis/core/schema.py`), which also validates the data. Empty numeric or yes/no values "
    "mean the source does not state them; the app shows them as **Not stated**, never 0."
)
widgets.table(
    static["codebook"],
    "The codebook: every column of protective_orders.csv",
    max_height=480,
    wide=("description", "codes"),
)
st.download_button(
    "Download the data dictionary (Markdown text)",
    static["dictionary"],
    file_name="data_dictionary.md",
    mime="text/markdown",
    key="methods_dictionary",
)
if not static["dictionary_current"]:
    st.warning(
        "The shipped data dictionary differs from the schema: rebuild the data "
        "(`python -m analysis build`)."
    )

st.header("How values were coded", anchor="how-values-were-coded")
totals, counts, _ = _coding(None, cache.stamp())
c1, c2, c3 = st.columns(3)
c1.metric(
    "Values coded",
    f"{totals.total:,}",
    help=f"{totals.jurisdictions} jurisdictions x {totals.fields} coded fields.",
)
c2.metric("By rule", f"{totals.rule:,}")
c3.metric("Reviewed by hand", f"{totals.reviewed:,}")
st.markdown(
    f"Of {totals.total:,} coded values ({totals.jurisdictions} jurisdictions x "
    f"{totals.fields} fields), **{totals.rule:,}** were decided by rules (units, ranges, "
    f"order types, offence classes, deadlines, keywords) and **{totals.reviewed:,}** were "
    "reviewed by hand, each with its reason. Every value keeps the exact words of the cell "
    "it came from (the evidence); a reviewed value's evidence is checked against the "
    "source on every build, which fails if the words are no longer there."
)
with st.expander("Rule and reviewed values per field"):
    widgets.table(
        counts,
        "Rule and reviewed values per field",
        align_right=("rule", "reviewed", "total"),
    )

st.subheader("Reviewed values, with their reason and evidence")
field = st.selectbox(
    "Show the reviewed values for",
    [None, *CODED_FIELDS],
    index=0 if q["field"] is None else 1 + CODED_FIELDS.index(q["field"]),
    format_func=lambda f: "All fields" if f is None else FIELDS_BY_NAME[f].label,
    key="methods_field",
)
widgets.write_query({"field": field}, PARAMS)
rev = _coding(field, cache.stamp())[2]
st.caption(
    f"{len(rev)} reviewed value{'s' if len(rev) != 1 else ''}"
    + (f" for {FIELDS_BY_NAME[field].label}" if field else "")
    + "."
)
widgets.table(
    rev,
    "Reviewed values: state, field, value, reason and evidence",
    max_height=520,
    labels={
        "state": "state",
        "label": "field",
        "value": "value",
        "reason": "reason",
        "evidence": "evidence",
    },
    wide=("reason", "evidence"),
)

st.subheader("How the rows were split into cells")
st.markdown(methods.SEGMENTATION_TEXT)
seg, claims = _checked(cache.stamp())
st.markdown(
    f"Checked by the build: **{seg.reproduced} of {seg.rows}** rows are reproduced exactly "
    f"by their {seg.cells_per_row} cells; {seg.empty_cells} cells are empty, "
    f"and the rows hold {seg.empty_markers} empty-cell marks (U+00A0)."
)
if len(seg.notes):
    with st.expander(f"Notes on {len(seg.notes)} rows whose boundaries needed care"):
        widgets.table(seg.notes, "Rows whose boundaries needed care")

st.header("The source's own claims, checked", anchor="claims")
st.markdown(
    "The narrative before Table 32 makes claims about the states. Each is quoted "
    "word for word and checked against the coded data."
)
widgets.table(claims, "The source's claims and the check of each")

st.header("Sources", anchor="sources")
widgets.table(static["sources"], "The two sources")
st.markdown(
    "**Table 32 is undated**: the document carries no publication or currency date. The "
    'WomensLaw Mississippi page is dated **26 November 2012** ("UPDATED November 26, '
    '2012"). The files are kept byte for byte as received, with these sha256 checksums '
    "(verified on every build; a changed file stops it; `sha256sum -c` reads this format):"
)
widgets.preformatted(static["checksums"])

st.header("How to cite", anchor="cite")
cites = static["citations"]
st.markdown("**The dataset**")
widgets.preformatted(cites.dataset)
st.markdown("**This app**")
widgets.preformatted(cites.app)
st.markdown("**The source table**")
widgets.preformatted(cites.source)
st.caption("Replace the bracketed parts with the date you accessed it and where.")
st.markdown(static["release"])

st.header("Caveat", anchor="caveat")
st.warning(texts.CAVEAT)

st.header("Licences", anchor="licences")
widgets.table(static["licences"], "Licences")

st.header("Privacy", anchor="privacy")
st.markdown(methods.PRIVACY)
