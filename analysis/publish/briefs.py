"""A policy brief for chosen states and topics, as PDF, HTML or Markdown.

build() assembles the content once (key findings, per-topic sentences, charts, a per-state
table with the statute cited and the source's own words, caveats, how to cite, sources);
to_pdf / to_html / to_markdown only lay it out. Charts are PNGs from the shared export
browser (analysis.publish.images); without Chrome/Chromium the brief says charts are
unavailable and everything else is still produced.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import reportlab
from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from analysis.core import display
from analysis.core.schema import CELL_HEADERS, FIELDS_BY_NAME, STATE_NAMES
from analysis.core.sources import Source, load_sources
from analysis.core.texts import AS_OF_NOTE, CAVEAT, PROJECT_TITLE, long_date, today
from analysis.facts.findings import TOPIC_KEYS, TOPICS, Topic, join_names, topic_findings
from analysis.figures.models import topic_figure
from analysis.publish import images
from analysis.publish.tables import how_to_cite

FORMATS = ("pdf", "html", "md")
MIME = {"pdf": "application/pdf", "html": "text/html", "md": "text/markdown"}
MAX_STATES = 12
Progress = Callable[[float, str], None]


class BriefError(ValueError):
    """The states or topics asked for cannot make a brief; the message says why."""


def parse_states(text: str | list[str]) -> list[str]:
    """'MS, al,TN' -> ['MS', 'AL', 'TN'] (order kept, duplicates dropped)."""
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = [c.strip().upper() for c in items if str(c).strip()]
    bad = [c for c in codes if c not in STATE_NAMES]
    if bad:
        raise BriefError(
            f"unknown state code(s): {', '.join(bad)} (use USPS codes like MS, AL, TN, DC)"
        )
    codes = list(dict.fromkeys(codes))
    if not codes:
        raise BriefError("choose at least one state")
    if len(codes) > MAX_STATES:
        raise BriefError(
            f"a brief compares at most {MAX_STATES} jurisdictions ({len(codes)} chosen)"
        )
    return codes


def parse_topics(text: str | list[str]) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    topics = [t.strip().lower().replace("-", "_") for t in items if str(t).strip()]
    bad = [t for t in topics if t not in TOPICS]
    if bad:
        raise BriefError(
            f"unknown topic(s): {', '.join(bad)} (choose from {', '.join(TOPIC_KEYS)})"
        )
    topics = list(dict.fromkeys(topics))
    if not topics:
        raise BriefError("choose at least one topic")
    return [t for t in TOPIC_KEYS if t in topics]  # the brief's fixed order


@dataclass
class StateRow:
    code: str
    name: str
    citation: str
    repealed: bool
    values: list[tuple[str, str]]  # (label, value as read)
    source_text: str  # the topic's Table 32 cell, verbatim ("" for an empty cell)


@dataclass
class Section:
    topic: Topic
    headline: str
    sentences: list[str]
    chart_title: str
    image: bytes | None
    rows: list[StateRow]


@dataclass
class Brief:
    title: str
    subtitle: str
    day: dt.date
    states: list[str]
    topics: list[str]
    key_findings: list[str]
    sections: list[Section]
    statutes: list[StateRow]
    charts_note: str
    view_url: str
    command: str
    caveats: list[str]
    citation: str
    sources: list[Source] = field(default_factory=list)

    @property
    def state_names(self) -> list[str]:
        return [STATE_NAMES[c] for c in self.states]


SHORT_LABELS = {
    "final_order_max_months": "Final order, maximum",
    "final_order_extendable": "Can be extended",
    "indefinite_order_possible": "Can be indefinite",
    "emergency_order_max_days": "Emergency order, maximum",
    "violation_max_jail_days": "Maximum jail",
    "violation_max_fine_usd": "Maximum fine",
    "violation_offense_level": "Offence level",
    "mandatory_min_jail": "Mandatory minimum jail",
    "repeat_violation_felony": "Repeat can be a felony",
    "transmission_deadline": "Deadline",
    "statewide_registry": "State-level registry",
    "fees_waived": "Fees waived",
}


def _value_text(row: pd.Series, f: str) -> str:
    return display.value_text(f, row.to_dict())


def _rows(df: pd.DataFrame, codes: list[str], topic: Topic) -> list[StateRow]:
    by = df.set_index("state_code", drop=False)
    out = []
    for c in codes:
        r = by.loc[c]
        flags = all(FIELDS_BY_NAME[f].dtype == "bool" for f in topic.fields)
        if flags:
            words = {f: display.value_text(f, r.to_dict()) for f in topic.fields}
            named = [FIELDS_BY_NAME[f].label for f in topic.fields if words[f] == "Yes"]
            not_named = [FIELDS_BY_NAME[f].label for f in topic.fields if words[f] != "Yes"]
            values = [
                ("Named", "; ".join(named) or "none"),
                ("Not named", "; ".join(not_named) or "none"),
            ]
        else:
            values = [
                (SHORT_LABELS.get(f, FIELDS_BY_NAME[f].label), _value_text(r, f))
                for f in topic.fields
                if f != "final_order_duration_status"
            ]
        out.append(
            StateRow(
                c,
                str(r["state_name"]),
                str(r["code_section"]),
                bool(r["statute_repealed"]),
                values,
                str(r[topic.cell]),
            )
        )
    return out


def _title(codes: list[str]) -> str:
    names = [STATE_NAMES[c] for c in codes]
    if len(names) <= 3:
        return f"Protective orders in {join_names(names)}"
    return f"Protective orders in {len(names)} jurisdictions"


CAVEATS = (
    CAVEAT,
    'Where Table 32 does not state a value, this brief says "not stated"; such a value is '
    'never counted as zero or as "no", and comparisons count only the jurisdictions that '
    "state a value.",
    'A remedy or petitioner "not named" means the Table 32 cell does not mention it, not '
    "that the statute excludes it.",
    "Values were coded from the table's text by rules, and by hand where rules cannot decide "
    "(each hand-coded value has a recorded reason). The exact source words behind every "
    "value are in evidence.csv and on each state's profile page in the app.",
    "Statute citations are as printed in Table 32; sections may since have been renumbered, "
    "amended or repealed.",
)


def build(
    df: pd.DataFrame,
    states: list[str],
    topics: list[str],
    *,
    view_url: str = "",
    command: str = "",
    day: dt.date | None = None,
    charts: bool = True,
    progress: Progress | None = None,
) -> Brief:
    """The brief's content for the chosen states and topics."""
    states = parse_states(states)
    topics = parse_topics(topics)
    day = day or today()
    report = progress or (lambda frac, msg: None)
    charts_note = ""
    if charts and not images.images_available():
        charts_note = "Charts are unavailable in this copy: " + images.NO_BROWSER_MESSAGE
        charts = False
    elif not charts:
        charts_note = "Charts were left out of this copy."
    sections = []
    steps = len(topics) + 1
    for i, t in enumerate(topics):
        topic = TOPICS[t]
        report(i / steps, f"Writing {topic.title.lower()}")
        found = topic_findings(t, df, states)
        fig = topic_figure(t, df, states)
        image = None
        if charts:
            report((i + 0.5) / steps, f"Drawing the {topic.title.lower()} chart")
            try:
                image = images.to_png(fig, view_url)
            except images.ImagesUnavailable as exc:
                charts, charts_note = False, f"Charts are unavailable in this copy: {exc}"
        sections.append(
            Section(
                topic,
                found.headline,
                found.sentences,
                images.chart_title(fig),
                image,
                _rows(df, states, topic),
            )
        )
    report((steps - 1) / steps, "Adding sources and citations")
    by = df.set_index("state_code")
    statutes = [
        StateRow(
            c,
            STATE_NAMES[c],
            str(by.loc[c, "code_section"]),
            bool(by.loc[c, "statute_repealed"]),
            [],
            "",
        )
        for c in states
    ]
    topic_titles = [TOPICS[t].title.lower() for t in topics]
    brief = Brief(
        title=_title(states),
        subtitle=(
            f"How {join_names([STATE_NAMES[c] for c in states])} compare with the 50 "
            f"states and DC: {join_names(topic_titles)}"
        )
        if len(states) <= 3
        else (
            f"How {', '.join(states)} compare with the 50 states and DC: {join_names(topic_titles)}"
        ),
        day=day,
        states=states,
        topics=topics,
        key_findings=[s.headline for s in sections],
        sections=sections,
        statutes=statutes,
        charts_note=charts_note,
        view_url=view_url,
        command=command
        or (
            "python -m analysis brief --states "
            + ",".join(states)
            + " --topics "
            + ",".join(topics)
        ),
        caveats=list(CAVEATS),
        citation=how_to_cite(view_url, day),
        sources=list(load_sources().values()),
    )
    report(1.0, "Done")
    return brief


def filename(brief: Brief, fmt: str) -> str:
    return f"protective-orders-brief-{'-'.join(brief.states).lower()}-{brief.day:%Y%m%d}.{fmt}"


ROLE_LABELS = {"primary": "Primary source", "secondary": "Second source (Mississippi only)"}


def _source_line(s: Source) -> str:
    when = f"as of {s.as_of}" if s.as_of else "undated"
    role = ROLE_LABELS.get(s.role, s.role.capitalize())
    return (
        f"{role}: {s.title}. {s.publisher}; {when}. File data/raw/{s.filename}, sha256 {s.sha256}."
    )


def _cell(text: str) -> str:
    return text if text.strip() else "(empty cell: Table 32 says nothing here)"


# --- Markdown --------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("<", "&lt;")
        .replace("\n", " ")
    )


def to_markdown(brief: Brief) -> str:
    md = [
        f"# {brief.title}",
        "",
        f"**{brief.subtitle}**",
        "",
        f"Policy brief generated {long_date(brief.day)} from the {PROJECT_TITLE} dataset. "
        f"{AS_OF_NOTE}",
        "",
        f"> {CAVEAT}",
        "",
        "## Key findings",
        "",
    ]
    md += [f"- {_md_escape(s)}" for s in brief.key_findings]
    md += ["", "## Statutes cited in Table 32", "", "| State | Statute cited |", "|---|---|"]
    md += [
        f"| {r.name} | {_md_escape(r.citation)}"
        + (" (Table 32 says repealed)" if r.repealed else "")
        + " |"
        for r in brief.statutes
    ]
    # Markdown carries no images: each chart is named, and found in the PDF and HTML.
    for s in brief.sections:
        md += ["", f"## {s.topic.title}", "", f"*{s.topic.about}*", ""]
        md += [f"- {_md_escape(x)}" for x in s.sentences]
        md += ["", f"*Chart: {s.chart_title} (in the PDF and HTML versions of this brief).*"]
        md += [
            "",
            f"**What Table 32 says ({CELL_HEADERS[s.topic.cell]})**",
            "",
            "| State | Statute cited | Coded values | Source text (verbatim) |",
            "|---|---|---|---|",
        ]
        for r in s.rows:
            values = "; ".join(f"{k}: {v}" for k, v in r.values)
            md.append(
                f"| {r.name} | {_md_escape(r.citation)} | {_md_escape(values)} | "
                f"{_md_escape(_cell(r.source_text))} |"
            )
    md += ["", "## Caveats", ""] + [f"- {_md_escape(c)}" for c in brief.caveats]
    md += [
        "",
        "## How to cite",
        "",
        _md_escape(brief.citation),
        "",
        f"To rebuild this brief: `{brief.command}`"
        + (f", or open {brief.view_url}" if brief.view_url else ""),
        "",
        "## Sources",
        "",
    ]
    md += [f"- {_md_escape(_source_line(s))}" for s in brief.sources]
    return "\n".join(md) + "\n"


# --- HTML ------------------------------------------------------------------------------

_CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1d1d1d;max-width:50rem;margin:2rem auto;
padding:0 1rem;line-height:1.45;font-size:15px}
h1{font-size:1.8rem;margin:0 0 .3rem;color:#16324f}h2{font-size:1.25rem;margin-top:2rem;
color:#16324f;border-bottom:1px solid #c8d3de;padding-bottom:.2rem}
.sub{font-size:1.05rem;margin:0 0 .6rem}.meta{color:#555;font-size:.9rem}
.caveat{background:#fff8e1;border-left:4px solid #e0a800;padding:.6rem .9rem;margin:1rem 0}
.about{color:#555;font-style:italic}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.6rem 0}
th,td{border:1px solid #c8c8c8;padding:.35rem .45rem;vertical-align:top;text-align:left}
th{background:#eef2f6}td.src{font-size:.8rem;color:#333}.cite{color:#555;font-size:.8rem}
figure{margin:1rem 0}figure img{width:100%;height:auto;border:1px solid #e3e3e3}
code{font-size:.8rem;word-break:break-all}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,tr{break-inside:avoid}}
"""


def _e(text: str) -> str:
    return html.escape(str(text))


def to_html(brief: Brief) -> str:
    """A self-contained page (charts as data: URIs), fit to print."""
    h = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(brief.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(brief.title)}</h1>",
        f'<p class="sub">{_e(brief.subtitle)}</p>',
        f'<p class="meta">Policy brief generated {_e(long_date(brief.day))} from the '
        f"{_e(PROJECT_TITLE)} dataset. {_e(AS_OF_NOTE)}</p>",
        f'<div class="caveat"><strong>Caveat.</strong> {_e(CAVEAT)}</div>',
        "<h2>Key findings</h2><ul>",
        *[f"<li>{_e(s)}</li>" for s in brief.key_findings],
        "</ul><h2>Statutes cited in Table 32</h2>",
        "<table><thead><tr><th>State</th><th>Statute cited</th></tr></thead><tbody>",
        *[
            f"<tr><td>{_e(r.name)}</td><td>{_e(r.citation)}"
            + (" <em>(Table 32 says repealed)</em>" if r.repealed else "")
            + "</td></tr>"
            for r in brief.statutes
        ],
        "</tbody></table>",
    ]
    if brief.charts_note:
        h.append(f'<p class="caveat">{_e(brief.charts_note)}</p>')
    for s in brief.sections:
        h += [
            f"<h2>{_e(s.topic.title)}</h2>",
            f'<p class="about">{_e(s.topic.about)}</p>',
            "<ul>",
            *[f"<li>{_e(x)}</li>" for x in s.sentences],
            "</ul>",
        ]
        if s.image:
            b64 = base64.b64encode(s.image).decode("ascii")
            h.append(
                f'<figure><img src="data:image/png;base64,{b64}" '
                f'alt="{_e(s.chart_title)}: {_e(s.headline)}"></figure>'
            )
        h += [
            f"<p><strong>What Table 32 says</strong> ({_e(CELL_HEADERS[s.topic.cell])} column)</p>",
            "<table><thead><tr><th style='width:18%'>State</th>"
            "<th style='width:30%'>Coded values</th><th>Source text (verbatim)</th></tr>"
            "</thead><tbody>",
        ]
        for r in s.rows:
            values = "<br>".join(f"<strong>{_e(k)}:</strong> {_e(v)}" for k, v in r.values)
            h.append(
                f"<tr><td>{_e(r.name)}<br><span class='cite'>{_e(r.citation)}</span>"
                f"</td><td>{values}</td><td class='src'>{_e(_cell(r.source_text))}</td>"
                "</tr>"
            )
        h.append("</tbody></table>")
    h += [
        "<h2>Caveats</h2><ul>",
        *[f"<li>{_e(c)}</li>" for c in brief.caveats],
        "</ul>",
        "<h2>How to cite</h2>",
        f"<p>{_e(brief.citation)}</p>",
        f"<p>To rebuild this brief: <code>{_e(brief.command)}</code>"
        + (
            f', or open <a href="{_e(brief.view_url)}">{_e(brief.view_url)}</a>'
            if brief.view_url
            else ""
        )
        + ".</p>",
        "<h2>Sources</h2><ul>",
        *[f"<li>{_e(_source_line(s))}</li>" for s in brief.sources],
        "</ul></body></html>",
    ]
    return "\n".join(h) + "\n"


# --- PDF (reportlab) -------------------------------------------------------------------

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)


def _register_fonts() -> tuple[str, str, str, str]:
    """(regular, bold, italic, mono) font names: DejaVu if installed, else the Vera fonts
    that ship inside reportlab (so a fresh machine still embeds real fonts)."""

    if "Brief" in pdfmetrics.getRegisteredFontNames():
        return "Brief", "Brief-Bold", "Brief-Italic", "Brief-Mono"
    wanted = {
        "Brief": ["DejaVuSans.ttf"],
        "Brief-Bold": ["DejaVuSans-Bold.ttf"],
        "Brief-Italic": ["DejaVuSans-Oblique.ttf"],
        "Brief-Mono": ["DejaVuSansMono.ttf"],
    }
    found = {}
    for name, files in wanted.items():
        for d in FONT_DIRS:
            p = Path(d) / files[0]
            if p.exists():
                found[name] = p
                break
    if len(found) < len(wanted):
        vera = Path(reportlab.__file__).parent / "fonts"
        found = {
            "Brief": vera / "Vera.ttf",
            "Brief-Bold": vera / "VeraBd.ttf",
            "Brief-Italic": vera / "VeraIt.ttf",
            "Brief-Mono": vera / "Vera.ttf",
        }
    for name, path in found.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))

    addMapping("Brief", 0, 0, "Brief")
    addMapping("Brief", 1, 0, "Brief-Bold")
    addMapping("Brief", 0, 1, "Brief-Italic")
    addMapping("Brief", 1, 1, "Brief-Bold")
    return "Brief", "Brief-Bold", "Brief-Italic", "Brief-Mono"


def _x(text: str) -> str:
    """Text for a reportlab Paragraph (its mini-markup escaped)."""
    return html.escape(str(text), quote=False)


def _flatten(png: bytes) -> bytes:
    """The PNG on white, without an alpha channel (PDF viewers draw soft masks unevenly)."""

    im = PILImage.open(io.BytesIO(png))
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = PILImage.new("RGB", im.size, (255, 255, 255))
        bg.paste(im, mask=im.split()[-1])
        im = bg
    out = io.BytesIO()
    im.save(out, format="PNG", compress_level=1)
    return out.getvalue()


class FitImage(Flowable):
    """A chart at the frame's width, shrunk (to 70%) rather than leave a half-empty
    page; moved to the next page when even that does not fit."""

    MIN_SCALE = 0.7

    def __init__(self, png: bytes, max_width: float) -> None:
        super().__init__()

        self.png = png
        self.reader = ImageReader(io.BytesIO(png))
        iw, ih = self.reader.getSize()
        self.natural_w = min(max_width, max_width * min(1.0, iw / 1800))
        self.natural_h = self.natural_w * ih / iw
        self.draw_w, self.draw_h = self.natural_w, self.natural_h
        self.hAlign = "LEFT"

    def wrap(self, avail_w, avail_h):
        scale = min(1.0, avail_w / self.natural_w)
        if self.natural_h * scale > avail_h >= self.natural_h * self.MIN_SCALE:
            scale = avail_h / self.natural_h
        self.draw_w, self.draw_h = self.natural_w * scale, self.natural_h * scale
        return self.draw_w, self.draw_h

    def split(self, avail_w, avail_h):
        return []  # never split an image: go to the next page instead

    def draw(self):
        self.canv.drawImage(self.reader, 0, 0, width=self.draw_w, height=self.draw_h)


def _FitImage(png: bytes, width: float):  # noqa: N802 - a flowable constructor
    return FitImage(png, width)


def to_pdf(brief: Brief) -> bytes:
    """A Letter-size PDF: title block, key findings, topic sections, caveats, sources."""

    regular, bold, italic, mono = _register_fonts()
    ink, accent, muted = (
        colors.HexColor("#1d1d1d"),
        colors.HexColor("#16324f"),
        colors.HexColor("#555555"),
    )
    base = ParagraphStyle(
        "base", fontName=regular, fontSize=9.5, leading=13, textColor=ink, alignment=TA_LEFT
    )
    st = {
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=20, leading=24, textColor=accent, spaceAfter=4
        ),
        "sub": ParagraphStyle("sub", base, fontSize=12, leading=15, spaceAfter=6),
        "meta": ParagraphStyle("meta", base, fontSize=8.5, textColor=muted, spaceAfter=8),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=bold,
            fontSize=13.5,
            leading=17,
            textColor=accent,
            spaceBefore=12,
            spaceAfter=4,
        ),
        "about": ParagraphStyle("about", base, fontName=italic, textColor=muted, spaceAfter=4),
        "body": base,
        "bullet": ParagraphStyle("bullet", base, spaceAfter=2),
        "cell": ParagraphStyle("cell", base, fontSize=8.3, leading=10.6),
        "cellsrc": ParagraphStyle(
            "cellsrc", base, fontSize=7.8, leading=10, textColor=colors.HexColor("#333333")
        ),
        "cellhead": ParagraphStyle("cellhead", base, fontName=bold, fontSize=8.3, leading=10.6),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=muted),
        "mono": ParagraphStyle("mono", base, fontName=mono, fontSize=7, leading=9, textColor=muted),
        "caveat": ParagraphStyle("caveat", base, fontSize=9, leading=12.5),
    }
    page_w, page_h = LETTER
    margin = 1.9 * cm
    width = page_w - 2 * margin - 12  # the frame's own padding is 6 pt a side

    def bullets(items: list[str]) -> ListFlowable:
        return ListFlowable(
            [
                ListItem(Paragraph(_x(s), st["bullet"]), leftIndent=12, value="circle")
                for s in items
            ],
            bulletType="bullet",
            start="\u2022",
            leftIndent=12,
            bulletFontName=regular,
            bulletFontSize=6,
            bulletOffsetY=-1,
        )

    def grid(rows: list[list], widths: list[float], header: bool = True) -> Table:
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bdbdbd")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")))
        t.setStyle(TableStyle(style))
        return t

    story: list = [
        Paragraph(_x(brief.title), st["title"]),
        Paragraph(_x(brief.subtitle), st["sub"]),
        Paragraph(
            _x(
                f"Policy brief generated {long_date(brief.day)} from the "
                f"{PROJECT_TITLE} dataset. {AS_OF_NOTE}"
            ),
            st["meta"],
        ),
    ]
    box = Table([[Paragraph(f"<b>Caveat.</b> {_x(CAVEAT)}", st["caveat"])]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff8e1")),
                ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor("#e0a800")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    story += [box, Spacer(1, 6), Paragraph("Key findings", st["h2"]), bullets(brief.key_findings)]
    statute_rows = [
        [Paragraph("State", st["cellhead"]), Paragraph("Statute cited in Table 32", st["cellhead"])]
    ]
    statute_rows += [
        [
            Paragraph(_x(r.name), st["cell"]),
            Paragraph(
                _x(r.citation) + (" <i>(Table 32 says repealed)</i>" if r.repealed else ""),
                st["cell"],
            ),
        ]
        for r in brief.statutes
    ]
    story += [
        KeepTogether(
            [Paragraph("Statutes cited", st["h2"]), grid(statute_rows, [5 * cm, width - 5 * cm])]
        )
    ]
    if brief.charts_note:
        story += [Spacer(1, 6), Paragraph(f"<i>{_x(brief.charts_note)}</i>", st["small"])]
    for s in brief.sections:
        head = [
            CondPageBreak(6 * cm),
            Paragraph(_x(s.topic.title), st["h2"]),
            Paragraph(_x(s.topic.about), st["about"]),
        ]
        story += [KeepTogether(head + [bullets(s.sentences[:1])])]
        if s.sentences[1:]:
            story.append(bullets(s.sentences[1:]))
        if s.image:
            story += [Spacer(1, 4), _FitImage(_flatten(s.image), width)]
        rows = [
            [
                Paragraph("State and statute", st["cellhead"]),
                Paragraph("Coded values", st["cellhead"]),
                Paragraph(
                    f"Source text: {_x(CELL_HEADERS[s.topic.cell])} (verbatim)", st["cellhead"]
                ),
            ]
        ]
        for r in s.rows:
            vals = "<br/>".join(f"<b>{_x(k)}:</b> {_x(v)}" for k, v in r.values)
            rows.append(
                [
                    Paragraph(
                        f"<b>{_x(r.name)}</b><br/><font size=7.5 color='#555555'>"
                        f"{_x(r.citation)}</font>",
                        st["cell"],
                    ),
                    Paragraph(vals, st["cell"]),
                    Paragraph(_x(_cell(r.source_text)), st["cellsrc"]),
                ]
            )
        story += [
            Spacer(1, 6),
            CondPageBreak(4 * cm),
            Paragraph("<b>What Table 32 says</b>", st["body"]),
            Spacer(1, 2),
            grid(rows, [3.3 * cm, 6.0 * cm, width - 9.3 * cm]),
        ]
    story += [
        CondPageBreak(5 * cm),
        Paragraph("Caveats", st["h2"]),
        bullets(brief.caveats),
        Paragraph("How to cite", st["h2"]),
        Paragraph(_x(brief.citation), st["body"]),
        Spacer(1, 4),
        Paragraph(
            f"To rebuild this brief: <font name='{mono}' size=8>{_x(brief.command)}</font>",
            st["small"],
        ),
    ]
    if brief.view_url:
        story.append(Paragraph(f"In the app: {_x(brief.view_url)}", st["small"]))
    story += [Paragraph("Sources", st["h2"])]
    for src in brief.sources:
        when = f"as of {src.as_of}" if src.as_of else "undated"
        role = ROLE_LABELS.get(src.role, src.role.capitalize())
        story += [
            Paragraph(
                f"{_x(role)}: <b>{_x(src.title)}</b>. {_x(src.publisher)}; "
                f"{_x(when)}. "
                f"{_x(src.as_of_note)}",
                st["body"],
            ),
            Paragraph(f"data/raw/{_x(src.filename)} &nbsp; sha256 {_x(src.sha256)}", st["mono"]),
            Spacer(1, 5),
        ]

    footer_left = f"{brief.title} | generated {long_date(brief.day)}"

    class NumberedCanvas(rl_canvas.Canvas):
        """Draws 'Page n of N' once the page count is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 7.5)
                self.setFillColor(muted)
                self.drawString(margin, 1.1 * cm, footer_left[:110])
                self.drawRightString(
                    page_w - margin, 1.1 * cm, f"Page {self._pageNumber} of {total}"
                )
                self.drawString(
                    margin,
                    page_h - 1.15 * cm,
                    "Table 32 as published (undated), not current law. Verify "
                    "against current statutes.",
                )
                super().showPage()
            super().save()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=brief.title,
        author=PROJECT_TITLE,
        subject=brief.subtitle,
        creator=PROJECT_TITLE,
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return buf.getvalue()


def render(brief: Brief, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(brief)
    if fmt == "html":
        return to_html(brief).encode("utf-8")
    if fmt == "md":
        return to_markdown(brief).encode("utf-8")
    raise BriefError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
