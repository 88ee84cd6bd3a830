"""Escaped Markdown and HTML: source cells with their evidence marked, small tables and
the overview's headline figures.

The overview draws these with `st.markdown`/`st.html` rather than `st.table`/`st.metric`:
those two load extra script chunks in the browser (the table's pulls in ~1 MB of Arrow and
date code) while the map's own 4.7 MB chunk is being parsed, and together they delayed the
first map by ~0.2 s (README, Performance). Both functions here are pure and escape every
piece of text, so nothing in the data can become markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd

# Characters Markdown (CommonMark + GFM + Streamlit's extensions) could read as syntax.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")


def md_literal(text: object) -> str:
    """`text` as literal Markdown inline text: every syntax character backslash-escaped,
    line breaks folded to spaces (a table cell or a label is one line)."""
    s = "" if text is None else str(text)
    s = " ".join(s.split())
    return _SPECIAL.sub(r"\\\1", s)


def md_table(df: pd.DataFrame, index: bool = True, align_right: Iterable[str] = ()) -> str:
    """A GitHub-flavoured Markdown table of `df`, every cell escaped.

    Missing values are empty cells; columns named in `align_right` are right-aligned.
    """
    frame = df.reset_index() if index else df
    cols = [str(c) for c in frame.columns]
    right = set(align_right)

    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return md_literal(v)

    head = "| " + " | ".join(md_literal(c) for c in cols) + " |"
    rule = "|" + "|".join("---:" if c in right else ":---" for c in cols) + "|"
    rows = ["| " + " | ".join(cell(v) for v in r) + " |" for r in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


_HEADLINE_CSS = """<style>
.po-headlines{margin:0;padding:0}
.po-headlines dt{font-size:.875rem;opacity:.8;margin:0}
.po-headlines .po-value{font-size:1.75rem;line-height:1.25;margin:0}
.po-headlines .po-note{font-size:.8rem;opacity:.7;margin:0 0 .75rem 0}
</style>"""


def headlines_html(headlines: Iterable) -> str:
    """Headline figures (objects with label, value, help) as an HTML description list:
    the label, the figure large, and what it means in small type beneath it. Colours are
    inherited, so it follows the light or dark theme."""
    items = "".join(
        f"<dt>{html.escape(str(h.label))}</dt>"
        f'<dd class="po-value">{html.escape(str(h.value))}</dd>'
        f'<dd class="po-note">{html.escape(str(h.help))}</dd>'
        for h in headlines
    )
    return f'{_HEADLINE_CSS}<dl class="po-headlines">{items}</dl>'


# Inline styles of the app's HTML tables (evidence, Compare): they read in light and dark themes.
_RULE = "border-top:1px solid rgba(128,128,128,0.35)"
TABLE_CELL = f"style='vertical-align:top;padding:0.35rem 0.5rem;{_RULE}'"
TABLE_HEAD = "style='text-align:left;padding:0.35rem 0.5rem'"
TABLE_ROW_HEAD = (
    f"style='text-align:left;font-weight:inherit;vertical-align:top;padding:0.35rem 0.5rem;{_RULE}'"
)
EMPTY_CELL_HTML = "<i>(empty cell: the source says nothing here)</i>"


def mark_text(
    text: str,
    needles: Sequence[str],
    case_sensitive: bool = True,
    first_only: bool = False,
    titles: Sequence[str] = (),
) -> str:
    """The text, html-escaped, with the needles in <mark> (every occurrence, or the first).

    titles (one per needle) become the mark's hover text, e.g. the field a phrase supports.
    """
    if not text:
        return EMPTY_CELL_HTML
    spans: list[tuple[int, int, str]] = []
    flags = 0 if case_sensitive else re.IGNORECASE
    for i, needle in enumerate(needles):
        if not needle:
            continue
        title = titles[i] if i < len(titles) else ""
        found = [m.span() for m in re.finditer(re.escape(needle), text, flags)]
        spans += [(a, b, title) for a, b in (found[:1] if first_only else found)]
    merged: list[list] = []
    for a, b, title in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
            if title and title not in merged[-1][2]:
                merged[-1][2].append(title)
        else:
            merged.append([a, b, [title] if title else []])
    out, pos = [], 0
    for a, b, tl in merged:
        attr = f' title="{html.escape("; ".join(tl))}"' if tl else ""
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark{attr}>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


# A table in a scroll box (html_table's max_height): the header row and the first column
# stay in view while the rest scrolls, on a background that hides what passes beneath.
# light-dark() takes the colour scheme Streamlit sets on .stApp; the two colours are its
# light and dark theme backgrounds (the browser tests compare them with the page's).
TABLE_BACKGROUND = "light-dark(#ffffff,#171614)"
_SCROLL_CSS = (
    "<style>"
    ".po-table-box{overflow:auto;overscroll-behavior-x:contain}"
    ".po-table-box thead th{position:sticky;top:0;z-index:1;background:Canvas;"
    f"background:{TABLE_BACKGROUND}}}"
    ".po-table-box tr>:first-child{position:sticky;left:0;background:Canvas;"
    f"background:{TABLE_BACKGROUND}}}"
    ".po-table-box thead th:first-child{z-index:2}"
    ".po-table-box .po-wide{min-width:min(18rem,70vw)}"
    ".po-table-title{font-weight:600;margin:0 0 .3rem 0}"
    ".po-sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}"
    "</style>"
)


def html_table(
    df: pd.DataFrame,
    caption: str = "",
    *,
    index: bool = False,
    column_help: dict[str, str] | None = None,
    align_right: Iterable[str] = (),
    max_height: int | None = None,
    wide: Iterable[str] = (),
) -> str:
    """A plain HTML table of `df`, every cell escaped, for tables to read, not sort.

    Streamlit's table elements (st.dataframe, st.table) load their own script chunks (a
    data grid, Arrow) and draw on a canvas: a page is lighter and a screen reader reads a
    real table this way, and the browser's find searches it. `column_help` becomes each
    header's hover text; `wide` columns (long source text) keep a reading width. With
    `max_height` the table scrolls in a box a keyboard can focus, its header row and first
    column held in view, its caption above the box. Missing values are empty cells; line
    breaks in a cell are kept.
    """
    frame = df.reset_index() if index else df
    helps = column_help or {}
    right = set(align_right)
    wide_cols = set(wide)

    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return html.escape(str(v)).replace("\n", "<br>")

    def th(c: str) -> str:
        style = (
            TABLE_HEAD.replace("text-align:left", "text-align:right") if c in right else TABLE_HEAD
        )
        tip = f' title="{html.escape(helps[c])}"' if c in helps else ""
        cls = ' class="po-wide"' if c in wide_cols else ""
        return f'<th scope="col"{cls} {style}{tip}>{html.escape(str(c))}</th>'

    def td(c: str, v: object) -> str:
        style = TABLE_CELL.replace("vertical-align:top", "vertical-align:top;text-align:right")
        return f"<td {style if c in right else TABLE_CELL}>{cell(v)}</td>"

    cols = [str(c) for c in frame.columns]
    head = "<tr>" + "".join(th(c) for c in cols) + "</tr>"
    rows = "".join(
        "<tr>" + "".join(td(c, v) for c, v in zip(cols, r, strict=True)) + "</tr>"
        for r in frame.itertuples(index=False)
    )
    boxed = bool(max_height)
    cap = ""
    if caption:
        # In a box the caption is read with the table but shown above the box, where a
        # table wider than the screen cannot carry it out of view.
        look = (
            "class='po-sr-only'"
            if boxed
            else "style='text-align:left;caption-side:top;padding:0 0 .3rem 0;font-weight:600'"
        )
        cap = f"<caption {look}>{html.escape(caption)}</caption>"
    # Separate borders in a box: collapsed ones do not move with sticky cells.
    borders = "separate;border-spacing:0" if boxed else "collapse"
    table = (
        f"<table class='po-table' style='border-collapse:{borders};width:100%;"
        f"font-size:0.9rem'>{cap}<thead>{head}</thead><tbody>{rows}</tbody></table>"
    )
    if boxed:
        label = f' aria-label="{html.escape(caption)}"' if caption else ""
        title = (
            f'<p class="po-table-title" aria-hidden="true">{html.escape(caption)}</p>'
            if caption
            else ""
        )
        return (
            f"{_SCROLL_CSS}{title}<div class='po-table-box' role='region' tabindex='0'{label} "
            f"style='max-height:{int(max_height)}px'>{table}</div>"
        )
    return table


def pre_html(text: str) -> str:
    """Preformatted text (a formula, checksums, a citation), escaped, wrapping long lines:
    st.code would load a 0.5 MB syntax highlighter for text that needs none."""
    return (
        "<pre class='po-pre' style='white-space:pre-wrap;overflow-wrap:anywhere;"
        "padding:.75rem 1rem;border-radius:.5rem;background:rgba(128,128,128,.12);"
        "font-size:.85rem;margin:0 0 1rem 0'>"
        f"{html.escape(text)}</pre>"
    )


def state_links_html(
    groups: Iterable[tuple[str, Sequence[str]]], names: dict[str, str], href: str
) -> str:
    """Every jurisdiction as a link, grouped by its value: the map's keyboard and
    screen-reader equivalent ("3 years (36 months), 8: California, Hawaii, ...").

    groups: (value words, state codes); href: a link pattern with "{code}".
    """
    items = []
    for label, codes in groups:
        links = ", ".join(
            f'<a href="{html.escape(href.format(code=c))}">{html.escape(names[c])}</a>'
            for c in codes
        )
        items.append(
            f"<li><strong>{html.escape(label)}</strong> ({len(codes)}): {links or 'none'}</li>"
        )
    return '<ul class="po-state-links">' + "".join(items) + "</ul>"


NAV_STYLE = (
    "<style>.po-nav ul{list-style:none;margin:0;padding:0}"
    ".po-nav>ul>li{margin:0 0 .6rem 0}"
    ".po-nav .po-nav-section{display:block;font-size:.8rem;font-weight:600;"
    "text-transform:uppercase;letter-spacing:.04em;margin:0 0 .15rem 0}"
    ".po-nav a{display:block;color:inherit;text-decoration:none;padding:.4rem .6rem;"
    "border-radius:.4rem;min-height:1.5rem}"
    ".po-nav a:hover{text-decoration:underline}"
    ".po-nav a:focus-visible{outline:3px solid #ffbf47;outline-offset:1px}"
    ".po-nav a[aria-current=page]{font-weight:700;background:rgba(128,128,128,.2)}</style>"
)


def nav_html(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], current: str) -> str:
    """The app's page navigation: a <nav> holding a real list of links (sections as nested
    lists), the current page marked aria-current="page".

    sections: (section name, [(title, href)]); `current` is the current page's href.
    Plain links, relative to the page (so a base URL path is kept); a screen reader hears
    "navigation, Pages, list, 3 items".
    """
    groups = []
    for name, links in sections:
        items = "".join(
            f'<li><a href="{html.escape(href)}"'
            + (' aria-current="page"' if href == current else "")
            + f">{html.escape(title)}</a></li>"
            for title, href in links
        )
        groups.append(
            f'<li><span class="po-nav-section">{html.escape(name)}</span><ul>{items}</ul></li>'
        )
    return f'{NAV_STYLE}<nav class="po-nav" aria-label="Pages"><ul>{"".join(groups)}</ul></nav>'
