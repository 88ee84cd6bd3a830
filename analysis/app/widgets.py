"""Streamlit components shared by every page: quick exit, caveats, charts, links, evidence.

Pages stay short: they read widgets, call analysis/, and render through these helpers.
(Only the app layer, analysis/app/, imports Streamlit.)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analysis.app import downloads, lightchart, navigation
from analysis.core import markup, safety, urlstate
from analysis.core.schema import CELL_HEADERS, FIELDS_BY_NAME, STATE_NAMES
from analysis.core.texts import PAGE_CAVEAT
from analysis.figures import htmlbars, svgmap


def md_escape(text: str) -> str:
    """Text for st.markdown with "$" escaped, so amounts are never read as maths."""
    return text.replace("$", "\\$")


def safety_note() -> None:
    """The one line above every page: how to leave at once, and what that cannot erase.

    The exit itself is not drawn here: it is part of the page the server sends
    (analysis/app/server.py), so it works before this script runs and after it stops.
    """
    st.caption(f"{safety.EXIT_HINT} {safety.HISTORY_LINE}")


def sidebar_markdown() -> str:
    """The sidebar's small print: the as-published caveat and the privacy note.

    One Markdown element rather than several: every element is a message the browser
    renders before and while the page's chart loads (README, Performance).
    """
    return (
        f":small[:gray[{PAGE_CAVEAT}]]\n\n"
        ":small[:gray[This site loads nothing from other sites and sends no usage statistics.]]"
    )


def sidebar_html(current: str) -> str:
    """The page navigation and the hotlines (numbers as `tel:` links a phone dials with one
    tap; Streamlit's Markdown does not keep `tel:` links), as one HTML element."""
    return (
        markup.nav_html(navigation.sections(), current)
        + '<p style="margin:1rem 0 .25rem 0"><strong>Need help now?</strong></p>'
        + safety.hotlines_html().replace(
            "<ul>", '<ul class="po-hotlines" style="padding-left:1.1rem">', 1
        )
    )


def sidebar(current_url_path: str) -> None:
    """The app's own page navigation, then the caveat and hotlines.

    Not Streamlit's sidebar navigation (st.navigation is called with position="hidden"):
    its markup puts `div`s in a `ul` and list items outside any list, which screen readers
    announce wrongly (axe-core rules list, listitem). These are plain links in a real list.
    """
    current = next(
        navigation.href(s) for s in navigation.PAGES if s.url_path == (current_url_path or "")
    )
    with st.sidebar:
        st.html(sidebar_html(current))
        st.markdown(sidebar_markdown())


def is_phone() -> bool:
    """Whether the visitor's browser says it is a phone ("Mobi" in its User-Agent, as
    phone browsers send). The server cannot see the screen; only what it must fix before
    the browser draws (the 3D view's framing) uses this. Everything else follows the width
    in the browser."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobi" in agent


def caveat() -> None:
    st.caption(PAGE_CAVEAT)


def chart(
    fig: go.Figure,
    key: str,
    alt: str,
    clickable: bool = False,
    *,
    download: bool = True,
    view_url: str | None = None,
    unavailable: str = lightchart.UNAVAILABLE,
) -> list[str]:
    """Render a figure with a text alternative; return the state codes clicked, if any.

    Every chart of the app is drawn on the server, with no chart code in the browser: the
    maps and the tile grid as inline SVG (analysis/figures/svgmap; with `clickable`, each
    jurisdiction links to its profile, so nothing comes back and the result is []), the
    bar and unit charts as HTML blocks (analysis/figures/htmlbars). A figure neither draws
    goes to the light chart component (analysis/app/lightchart.py: a plotly.js partial
    bundle, the figure's JSON serialized once per cached figure). Under the chart, a
    "Download chart" popover offers PNG (2x), SVG and offline HTML, each stamped with
    title, source, as-of note and view_url (default: this page's URL with its query). The
    files are made only when a button is clicked.
    """
    drawn = inline_html(fig, alt, PROFILE_HREF if clickable else "")
    if drawn is not None:
        lightchart.draw_inline(key, drawn)
        clicked: list[str] = []
    else:
        found = lightchart.draw(fig, key, alt, clickable=clickable, unavailable=unavailable)
        # None: a trace type no shipped bundle draws
        clicked = _plotly_chart(fig, key, alt, clickable) if found is None else found
    if download:
        downloads.chart_downloads(fig, key, view_url)
    return clicked


def picture(key: str, svg: str) -> None:
    """A still picture the app drew as inline SVG (e.g. the 3D view's, figures/deck), put in
    the page as it is: st.html's sanitizer drops SVG. `svg` carries its own text alternative."""
    lightchart.draw_inline(key, svg)


PROFILE_HREF = "profile?state={code}"  # relative: every page sits one level below the base


def inline_html(fig: go.Figure, alt: str, href: str) -> str | None:
    """The figure drawn on the server (svgmap.figure_html for maps, htmlbars.figure_html for
    bar charts), kept on the figure object (cached figures are shared and never changed,
    like their JSON in lightchart.figure_json): a rerun sends the same string. Without
    `href` a map's shapes link nowhere. None: a figure neither draws."""
    key = (alt, href)
    kept = getattr(fig, "_po_svg", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    drawn = svgmap.figure_html(fig, alt, href or "#{code}")
    if drawn is None:
        drawn = htmlbars.figure_html(fig, alt)
    fig._po_svg = (key, drawn)  # underscore attributes are plain attributes on a Figure
    return drawn


def _plotly_chart(fig: go.Figure, key: str, alt: str, clickable: bool) -> list[str]:
    """Streamlit's own chart element (the full plotly.js), for figures no bundle draws."""
    event = st.plotly_chart(
        fig,
        key=key,
        config=lightchart.plotly_config(key),
        on_select="rerun" if clickable else "ignore",
        selection_mode="points",
        alt=alt,
    )
    if not clickable or not event:
        return []
    try:
        points = event.selection.points  # type: ignore[union-attr]
    except AttributeError:
        return []
    codes = []
    for p in points:
        code = p.get("customdata") if isinstance(p, dict) else None
        if isinstance(code, list):
            code = code[0] if code else None
        code = code or (p.get("location") if isinstance(p, dict) else None)
        if isinstance(code, str) and code in STATE_NAMES:
            codes.append(code)
    return codes


def table(
    df,
    caption: str = "",
    *,
    column_help: dict[str, str] | None = None,
    align_right: Sequence[str] = (),
    max_height: int | None = None,
    labels: dict[str, str] | None = None,
    wide: Sequence[str] = (),
) -> None:
    """A table to read (a chart's counts, a profile section, every jurisdiction's values
    beside its cell): plain escaped HTML (core/markup.html_table), not st.dataframe, whose
    data grid and Arrow code a page would otherwise load and draw on a canvas. A screen
    reader reads it as a table, the browser's find searches it, and every cell shows all of
    its text. The one table to sort, filter and pick from (Explore) stays st.dataframe.

    `labels` ({column: header}) picks and orders the columns shown; `column_help`,
    `align_right` and `wide` (long text, given a reading width) then name headers. A shared frame from app/cache (read-only by contract)
    is written out once: its HTML is kept while that same object lives, so a page's rerun
    does not build it again."""
    options = (
        caption,
        tuple(sorted((column_help or {}).items())),
        tuple(align_right),
        max_height,
        tuple((labels or {}).items()),
        tuple(wide),
    )
    st.html(_table_html(df, options))


def field_table(
    df,
    columns: dict[str, str],
    caption: str,
    *,
    cell: tuple[str, str] | None = None,
    max_height: int | None = 640,
) -> None:
    """Every jurisdiction's coded values as a table, headed and explained from the codebook:
    `columns` = {table column: field}; the frame's "state" column leads, then with `cell` =
    (column, cell field) the verbatim source cell the values were read from, then the
    values. In a scroll box (`max_height`) the keyboard can focus."""
    labels = {"state": "State"}
    helps = {}
    if cell:
        column, cell_field = cell
        header = CELL_HEADERS[cell_field]
        labels[column] = f"{header} (verbatim)"
        helps[labels[column]] = f"The {header} cell of Table 32, as published."
    for column, field in columns.items():
        labels[column] = FIELDS_BY_NAME[field].label
        helps[labels[column]] = FIELDS_BY_NAME[field].help
    wide = [labels[cell[0]]] if cell else []
    table(df, caption, column_help=helps, max_height=max_height, labels=labels, wide=wide)


_TABLES: dict[int, tuple[weakref.ref, tuple, str]] = {}
_TABLES_LOCK = threading.Lock()
MAX_TABLES = 256


def _table_html(df, options: tuple) -> str:  # noqa: ANN001 - a DataFrame
    kept = _TABLES.get(id(df))
    if kept is not None and kept[0]() is df and kept[1] == options:
        return kept[2]
    caption, column_help, align_right, max_height, labels, wide = options
    shown = df[[c for c, _ in labels]].set_axis([h for _, h in labels], axis=1) if labels else df
    out = markup.html_table(
        shown,
        caption,
        column_help=dict(column_help),
        align_right=align_right,
        max_height=max_height,
        wide=wide,
    )
    with _TABLES_LOCK:
        for key in [k for k, v in _TABLES.items() if v[0]() is None]:
            del _TABLES[key]  # frames that are gone (a page's own, per run)
        if len(_TABLES) >= MAX_TABLES:
            _TABLES.clear()
        _TABLES[id(df)] = (weakref.ref(df), options, out)
    return out


def preformatted(text: str) -> None:
    """A formula, checksums or a citation as preformatted text (no syntax highlighter)."""
    st.html(markup.pre_html(text))


def read_query(params: Sequence[urlstate.Param]) -> dict[str, object]:
    """This page's selections from the URL; notices for anything ignored."""
    try:
        raw = {k: st.query_params.get_all(k) for k in st.query_params}
    except Exception:  # noqa: BLE001 - never fail a page over its URL
        raw = {}
    parsed = urlstate.parse(raw, params)
    for notice in parsed.notices:
        st.info(notice, icon="ℹ️")
    return parsed.values


def write_query(values: dict[str, object], params: Sequence[urlstate.Param]) -> None:
    """Put the selections in the URL (only if they changed), so the link can be shared."""
    wanted = urlstate.encode(values, params)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def profile_link(code: str) -> str:
    return f"profile?state={code}"


_NAV = threading.local()


def run_in_navigation(page) -> None:
    """Run a st.navigation page, marking (per script thread) that the frame is drawn."""
    _NAV.active = True
    try:
        page.run()
    finally:
        _NAV.active = False


def page_guard() -> None:
    """Make sure a page always runs inside dashboard.py's navigation, and only once.

    Streamlit starts a server in its legacy "pages/ folder" mode (there is a pages/ folder
    beside dashboard.py) until a script calls st.navigation; in that mode a deep link such
    as /profile runs the bare page, without the quick exit or the sidebar. serve.py (the
    way scripts/run.sh starts the app) leaves that mode before the first session
    (app/serving.py), so this returns at once and every page runs once. Under a plain
    `streamlit run dashboard.py`, the first deep link on a fresh server still arrives bare:
    leave the mode and rerun, which goes through dashboard.py to the same page.
    """
    if getattr(_NAV, "active", False) or not PagesManager.uses_pages_directory:
        return
    # Never loop: if a rerun did not bring the page inside the navigation, draw it bare.
    tries = st.session_state.get("_page_guard_reruns", 0)
    if tries >= 2:
        return
    st.session_state["_page_guard_reruns"] = tries + 1
    PagesManager.uses_pages_directory = False
    st.rerun()


def highlight_picker(key: str, default: str | None, help: str) -> str | None:
    """'Highlight a jurisdiction' selectbox shared by the topic pages (None = no highlight)."""
    options = ["", *STATE_NAMES]
    return (
        st.selectbox(
            "Highlight a jurisdiction",
            options,
            index=options.index(default or ""),
            format_func=lambda c: f"{STATE_NAMES[c]} ({c})" if c else "None",
            key=key,
            help=help,
        )
        or None
    )
