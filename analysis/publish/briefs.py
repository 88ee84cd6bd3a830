"""A policy brief as HTML, PDF or Markdown: one content model, one template per markup.

The content is built once (analysis.publish.brief_content.build); HTML and PDF come from
the same Jinja2 template (templates/brief.html.j2, styles in brief.css), the PDF through
WeasyPrint as tagged PDF/UA-1 (title, language, headings, lists, tables with header
cells, figures with their text alternative); Markdown from templates/brief.md.j2. The
renderers only lay the content out: no sentence or value is written here.
"""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
import pydyf
import weasyprint
from weasyprint.urls import URLFetcher

from analysis.core.schema import CELL_HEADERS
from analysis.core.texts import AS_OF_NOTE, PROJECT_TITLE, SOURCE_LINE
from analysis.facts.findings import quote
from analysis.publish.brief_content import (  # noqa: F401 - the briefs API, in one place
    CAVEATS,
    LENGTH_LABELS,
    LENGTHS,
    MAX_STATES,
    SHORT_LABELS,
    TOPIC_KEYS,
    Brief,
    BriefError,
    Section,
    StateRow,
    brief_query,
    build,
    parse_length,
    parse_states,
    parse_topics,
)

FORMATS = ("pdf", "html", "md")
MIME = {"pdf": "application/pdf", "html": "text/html", "md": "text/markdown"}
TEMPLATES = Path(__file__).parent / "templates"
ROLE_LABELS = {"primary": "Primary source", "secondary": "Second source (Mississippi only)"}
EMPTY_CELL = "(empty cell: Table 32 says nothing here)"
# A brief whose last page is filled less than this is laid out again, a little denser,
# and the denser copy is kept if it has fewer pages.
MIN_LAST_PAGE_FILL = 0.3


def md_escape(text: object) -> str:
    """Text for Markdown: its markup characters escaped, on one line."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
        .replace("[", "\\[")
        .replace("<", "&lt;")
        .replace("\n", " ")
    )


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_ENV.filters["md"] = md_escape
_ENV.filters["quoted"] = quote


def _context(brief: Brief, **extra: object) -> dict:
    return {
        "b": brief,
        "project": PROJECT_TITLE,
        "as_of": AS_OF_NOTE,
        "source_line": SOURCE_LINE.replace("<br>", " "),
        "cell_headers": CELL_HEADERS,
        "roles": ROLE_LABELS,
        "empty_cell": EMPTY_CELL,
        **extra,
    }


def to_html(brief: Brief, *, tight: bool = False) -> str:
    """A self-contained page (styles inline, charts as inline SVG), fit to print."""
    css = (TEMPLATES / "brief.css").read_text(encoding="utf-8")
    return _ENV.get_template("brief.html.j2").render(_context(brief, css=css, tight=tight))


def to_markdown(brief: Brief) -> str:
    """The same content as Markdown; each chart is given as its table of numbers."""
    return _ENV.get_template("brief.md.j2").render(_context(brief))


# --- PDF -------------------------------------------------------------------------------


def _layout(brief: Brief, tight: bool) -> weasyprint.Document:
    # Nothing is fetched: the page holds its styles and charts; data: URLs only.
    fetcher = URLFetcher(allowed_protocols=("data",))
    page = weasyprint.HTML(string=to_html(brief, tight=tight), url_fetcher=fetcher)
    return page.render(pdf_variant="pdf/ua-1")


def last_page_fill(document: weasyprint.Document) -> float:
    """How far down its page the last page's content reaches (0 to 1)."""
    box = document.pages[-1]._page_box  # noqa: SLF001 - WeasyPrint's laid-out page
    top = box.content_box_y()
    bottom = top
    stack = list(box.children)
    while stack:
        child = stack.pop()
        if type(child).__name__.endswith("MarginBox"):
            continue  # running header and footer
        if getattr(child, "element_tag", None) not in (None, "html", "body", "main"):
            bottom = max(bottom, child.position_y + child.margin_height())
        else:
            stack.extend(getattr(child, "children", []))
    return (bottom - top) / box.height if box.height else 1.0


def _table_header_scopes(_document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """Give every header cell (/TH) a /Scope: /Column in a table head, /Row in a body.

    WeasyPrint links each data cell to its headers with /Headers and /IDs; checkers that
    read only the header cells (and older screen readers) look for /Scope as well.
    """
    elems = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and "S" in o]
    by_number = {o.number: o for o in elems if getattr(o, "number", None) is not None}
    for elem in elems:
        if elem.get("S") != "/TH":
            continue
        row = by_number.get(_ref_number(elem.get("P")))
        group = by_number.get(_ref_number(row.get("P"))) if row is not None else None
        scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
        attrs = elem.get("A")
        if isinstance(attrs, pydyf.Dictionary):
            attrs["Scope"] = scope
        else:
            elem["A"] = pydyf.Dictionary({"O": "/Table", "Scope": scope})


def _ref_number(ref: object) -> int | None:
    """The object number of a pydyf reference ('12 0 R')."""
    text = ref.decode("ascii", "replace") if isinstance(ref, bytes) else str(ref)
    try:
        return int(text.split()[0])
    except (ValueError, IndexError):
        return None


def to_pdf(brief: Brief) -> bytes:
    """A tagged (PDF/UA-1) Letter-size PDF of the brief's HTML.

    A brief that would end on a nearly empty page is laid out again a little denser.
    """
    document = _layout(brief, tight=False)
    if len(document.pages) > 1 and last_page_fill(document) < MIN_LAST_PAGE_FILL:
        denser = _layout(brief, tight=True)
        if len(denser.pages) < len(document.pages):
            document = denser
    buf = io.BytesIO()
    document.write_pdf(buf, pdf_variant="pdf/ua-1", finisher=_table_header_scopes)
    return buf.getvalue()


def render(brief: Brief, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(brief)
    if fmt == "html":
        return to_html(brief).encode("utf-8")
    if fmt == "md":
        return to_markdown(brief).encode("utf-8")
    raise BriefError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def filename(brief: Brief, fmt: str) -> str:
    codes = "-".join(brief.states).lower()
    return f"protective-orders-brief-{codes}-{brief.length}-{brief.day:%Y%m%d}.{fmt}"
