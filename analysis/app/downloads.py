"""Streamlit download widgets: chart files, data files, and the policy-brief builder.

Downloads use deferred data (st.download_button with a callable, run only when the
button is clicked), so a page rerun renders no image and writes no workbook. The files
themselves come from analysis/export (pure, tested without Streamlit).

Other pages can offer their current view with one call:
    ui_export.data_downloads(view_df, name="explore")
"""

from __future__ import annotations

import os
import time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.app import cache
from analysis.core import links, release
from analysis.core.tables import PARQUET, SQLITE, XLSX, XLSX_MIME
from analysis.facts.findings import TOPICS
from analysis.publish import briefs, images, tables

PUBLIC_URL_SECRET = "public_url"


@cache.once_per_run
def public_url() -> tuple[str, str]:
    """(the app's public address, a problem with the setting): the Streamlit secret
    `public_url` (.streamlit/secrets.toml), else $PO_PUBLIC_URL; ("", "") when neither is
    set. A loopback or private address is refused, with the reason."""
    try:
        has_secrets = st.secrets.load_if_toml_exists()  # never raises
        value = str(st.secrets.get(PUBLIC_URL_SECRET, "") or "") if has_secrets else ""
    except Exception:  # noqa: BLE001 - a secrets file that cannot be read
        value = ""
    source = f"the secret {PUBLIC_URL_SECRET!r}"
    if not value.strip():
        value, source = os.environ.get(links.PUBLIC_URL_ENV, ""), links.PUBLIC_URL_ENV
    if not value.strip():
        return "", ""
    try:
        return links.public_base(value), ""
    except links.PublicUrlError as exc:
        return "", f"The public address in {source} is not used: {exc}."


@cache.once_per_run
def _images_available() -> bool:
    return images.images_available()


def current_view_url() -> str:
    """What the visitor is looking at, as others can open it: the public address with this
    page's path and query, or, without a public address, the path and query alone. Never
    the server's own address (127.0.0.1 behind a proxy)."""
    try:
        server = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        server = ""
    try:
        query = {k: ",".join(st.query_params.get_all(k)) for k in st.query_params}
    except Exception:  # noqa: BLE001
        query = {}
    return links.view_link(public_url()[0], server, query)


def _safe_name(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())
    return "-".join(p for p in keep.split("-") if p) or "chart"


def chart_downloads(fig: go.Figure, key: str, url: str | None = None) -> None:
    """A small 'Download' popover: PNG (2x), SVG and offline interactive HTML."""
    url = current_view_url() if url is None else url
    name = _safe_name(key)
    with st.popover("Download chart", key=f"{key}__dl"):
        st.caption("Each file carries the chart's title, source, as-of note and this view's link.")
        problem = images.recent_problem()
        if problem:
            st.caption(f"The last chart image could not be made: {problem}")
        if _images_available():
            st.download_button(
                "PNG image (2x)",
                data=lambda: images.chart_file(fig, "png", url),
                file_name=f"{name}.png",
                mime="image/png",
                key=f"{key}__dl_png",
                on_click="ignore",
                width="stretch",
            )
            st.download_button(
                "SVG image",
                data=lambda: images.chart_file(fig, "svg", url),
                file_name=f"{name}.svg",
                mime="image/svg+xml",
                key=f"{key}__dl_svg",
                on_click="ignore",
                width="stretch",
            )
        else:
            st.caption(images.NO_BROWSER_MESSAGE)
        st.download_button(
            "Interactive HTML (works offline)",
            data=lambda: images.chart_file(fig, "html", url),
            file_name=f"{name}.html",
            mime="text/html",
            key=f"{key}__dl_html",
            on_click="ignore",
            width="stretch",
        )


def data_downloads(
    view_df: pd.DataFrame,
    name: str,
    view_url: str | None = None,
    view_lines: list[str] | None = None,
) -> None:
    """CSV and XLSX of a page's current view, with the evidence behind each value.

    name: the file name (without extension), e.g. naming the filters.
    view_url: the link printed in the workbook (default: this page with its query).
    view_lines: what the view is (its filters), recorded inside the files: the XLSX's
    first sheet "this view", and a small JSON file beside the CSV.
    """
    url = current_view_url() if view_url is None else view_url
    fname = _safe_name(name)
    ev = cache.evidence()
    lines = list(view_lines or [])
    with st.container(horizontal=True):
        st.download_button(
            f"This view as CSV ({len(view_df)} rows)",
            data=lambda: tables.view_csv(view_df, ev),
            file_name=f"{fname}.csv",
            mime="text/csv",
            key=f"{fname}__view_csv",
            on_click="ignore",
        )
        st.download_button(
            "This view as XLSX",
            data=lambda: tables.workbook(view_df, ev, url, view_lines=lines),
            file_name=f"{fname}.xlsx",
            mime=XLSX_MIME,
            key=f"{fname}__view_xlsx",
            on_click="ignore",
        )
        if lines:
            st.download_button(
                "What this view is (JSON, beside the CSV)",
                data=lambda: tables.view_sidecar(fname + ".csv", lines, url),
                file_name=f"{fname}.json",
                mime="application/json",
                key=f"{fname}__view_json",
                on_click="ignore",
            )
    st.caption(
        "CSV: each coded column is followed by its evidence (the source's exact "
        "words). XLSX sheets: "
        + ("this view (its filters), " if lines else "")
        + "data, evidence, codebook, sources & how to cite. "
        + LICENCE_CAPTION
    )


LICENCE_CAPTION = (
    f"Data licence: {release.DATA_LICENCE.title} ({release.DATA_LICENCE.spdx}): share and "
    "adapt with credit; cite the dataset and its version. The source text quoted in the "
    "files remains its publishers' (terms unknown)."
)


def dataset_downloads() -> None:
    """The whole dataset as the build wrote it: CSV, XLSX, Parquet, SQLite, the data package,
    the dictionary; and the dataset with evidence columns."""
    df, ev = cache.dataset(), cache.evidence()
    ver = release.version()
    items = [
        (
            "Dataset (CSV, as built)",
            tables.full_dataset_csv,
            "protective_orders.csv",
            "text/csv",
            "One row per jurisdiction: data/processed/protective_orders.csv.",
        ),
        (
            "Dataset with evidence columns (CSV)",
            lambda: tables.view_csv(df, ev),
            "protective_orders_with_evidence.csv",
            "text/csv",
            "Each coded column followed by the source words behind it.",
        ),
        (
            "Dataset workbook (XLSX)",
            tables.dataset_xlsx,
            XLSX.filename,
            XLSX_MIME,
            "Sheets: data, evidence, codebook, sources & how to cite (version, licence).",
        ),
        (
            "Dataset (Parquet)",
            tables.dataset_parquet,
            PARQUET.filename,
            PARQUET.mediatype,
            "Typed columns, for pandas, R (arrow), DuckDB, Spark.",
        ),
        (
            "Database (SQLite)",
            tables.dataset_sqlite,
            SQLITE.filename,
            SQLITE.mediatype,
            "Every table plus a codebook, for R, Excel Power Query, DuckDB, Datasette.",
        ),
        (
            "Evidence (CSV)",
            tables.evidence_csv,
            "evidence.csv",
            "text/csv",
            "One row per jurisdiction and field: value, cell, exact words, how coded.",
        ),
        (
            "Data package (datapackage.json)",
            tables.datapackage_json,
            "datapackage.json",
            "application/json",
            "Frictionless descriptor of every file: types, units, codes, checksums, "
            "version, licence.",
        ),
        (
            "Everything (ZIP)",
            tables.datapackage_zip,
            f"protective_orders-{ver}.zip",
            "application/zip",
            "datapackage.json, every file it lists, the data dictionary, the licence files, "
            "CITATION.cff and CHANGELOG.md.",
        ),
        (
            "Data dictionary (Markdown)",
            tables.dictionary_md,
            "data_dictionary.md",
            "text/markdown",
            "Every column: type, unit, label, description, codes.",
        ),
    ]
    st.caption(f"Version {ver}. {LICENCE_CAPTION}")
    for i, (label, fn, fname, mime, help_text) in enumerate(items):
        c1, c2 = st.columns([2, 3], vertical_alignment="center")
        c1.download_button(
            label,
            data=fn,
            file_name=fname,
            mime=mime,
            key=f"export_dataset_{i}",
            on_click="ignore",
            width="stretch",
        )
        c2.caption(help_text)


_BRIEF_KEY = "export_brief_result"


def brief_builder(
    df: pd.DataFrame, states: list[str], topics: list[str], fmt: str, length: str
) -> None:
    """Build button with a progress bar, then the download button for the built brief."""
    wanted = (tuple(states), tuple(topics), fmt, length)
    ready = bool(states) and bool(topics)
    base, problem = public_url()
    if problem:
        st.warning(problem + " The brief cites the dataset version and files instead.")
    clicked = st.button("Build the brief", type="primary", disabled=not ready, key="export_build")
    if not ready:
        st.caption("Choose at least one jurisdiction and one topic.")
    if clicked and ready:
        bar = st.progress(0.0, text="Starting")
        t0 = time.perf_counter()
        try:
            b = briefs.build(
                df,
                states,
                topics,
                length=length,
                public_url=base,
                evidence=cache.evidence(),
                progress=lambda frac, msg: bar.progress(min(frac, 1.0), text=msg),
            )
            bar.progress(1.0, text=f"Laying out the {fmt.upper()}")
            data = briefs.render(b, fmt)
        except briefs.BriefError as exc:
            bar.empty()
            st.error(f"The brief cannot be built: {exc}.")
            return
        bar.empty()
        st.session_state[_BRIEF_KEY] = {
            "wanted": wanted,
            "data": data,
            "name": briefs.filename(b, fmt),
            "mime": briefs.MIME[fmt],
            "seconds": time.perf_counter() - t0,
            "note": b.charts_note,
        }
    result = st.session_state.get(_BRIEF_KEY)
    if result and result["wanted"] == wanted:
        size = len(result["data"]) / 1024
        st.success(f"Built {result['name']} ({size:.0f} KB) in {result['seconds']:.1f} s.")
        if result["note"]:
            st.caption(result["note"])
        st.download_button(
            f"Download the brief ({fmt.upper()})",
            data=result["data"],
            file_name=result["name"],
            mime=result["mime"],
            key="export_brief_download",
            on_click="ignore",
        )
    elif result:
        st.caption("The choices changed since the last build: build again to download.")
    st.caption(
        "How to cite: "
        + (
            f"the brief links to {base}."
            if base
            else "no public address is set (the setting PO_PUBLIC_URL, or the secret "
            "public_url), "
            "so the brief cites the dataset version and file names."
        )
    )


def topic_label(key: str) -> str:
    return TOPICS[key].title
