"""The brief's charts (analysis.figures.models) drawn as SVG, in Python, without a browser.

A policy brief needs one or a few simple charts, fast and on any machine: plotly's image
export starts Chromium (seconds cold), while this draws the same model as a small SVG
document that WeasyPrint embeds as vector art in the PDF and a browser shows in the HTML
brief. Each SVG carries its text alternative as <title> (the PDF's /Alt for the figure,
the accessible name in HTML). Text is escaped; widths are estimated from the font size,
generously, so labels are never clipped.
"""

from __future__ import annotations

from html import escape

from analysis.figures.models import BarChart, Chart, FlagMatrix

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SIZE = 11  # px, labels
CHOSEN = "#0072B2"  # Okabe-Ito blue
OTHER = "#c9c9c9"
NOT_STATED_FILL = "#f2f2f2"
INK = "#1d1d1d"
MUTED = "#555555"
WIDTH = 640


def _text_w(text: str, size: float = SIZE) -> float:
    return len(text) * 0.64 * size


def _open(width: float, height: float, uid: str, alt: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{uid}-alt" '
        f'font-family="{FONT}" font-size="{SIZE}">',
        f'<title id="{uid}-alt">{escape(alt)}</title>',
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="'
        f'{NOT_STATED_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888888" '
        'stroke-width="1.4"/></pattern></defs>',
    ]


def bars_svg(chart: BarChart, uid: str) -> str:
    """Horizontal bars, one per group, in the model's order; counts and chosen codes at
    the end of each bar; a legend below."""
    row_h, bar_h, top = 18, 12, 6
    label_w = max(_text_w(g.label) for g in chart.groups) + 10
    tail = max(
        _text_w(f"{g.count}  " + ", ".join(c for c in chart.chosen if c in g.codes))
        for g in chart.groups
    )
    plot_w = max(120.0, WIDTH - label_w - tail - 12)
    width = label_w + plot_w + tail + 12
    top_count = max((g.count for g in chart.groups), default=1) or 1
    height = top + row_h * len(chart.groups) + 34
    out = _open(width, height, uid, chart.alt)
    for i, g in enumerate(chart.groups):
        y = top + i * row_h
        mine = [c for c in chart.chosen if c in g.codes]
        fill = CHOSEN if mine else (f"url(#{uid}-hatch)" if g.not_stated else OTHER)
        w = plot_w * g.count / top_count
        mid = y + bar_h / 2 + SIZE * 0.36
        out.append(
            f'<text x="{label_w - 8:.1f}" y="{mid:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(g.label)}</text>"
        )
        if g.count:
            out.append(
                f'<rect x="{label_w:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{fill}" stroke="#555555" stroke-width="0.6"/>'
            )
        codes = (
            f'<tspan font-weight="bold" fill="{CHOSEN}">  {escape(", ".join(mine))}</tspan>'
            if mine
            else ""
        )
        out.append(
            f'<text x="{label_w + w + 5:.1f}" y="{mid:.1f}" fill="{INK}">{g.count}{codes}</text>'
        )
    out.append(
        f'<line x1="{label_w:.1f}" y1="{top - 3}" x2="{label_w:.1f}" '
        f'y2="{top + row_h * len(chart.groups) - 4}" stroke="#999999" stroke-width="0.8"/>'
    )
    ly = height - 14
    out += [
        f'<rect x="0" y="{ly - 9}" width="12" height="10" fill="{CHOSEN}"/>',
        f'<text x="17" y="{ly}" fill="{MUTED}">holds a chosen state (code shown)</text>',
        f'<rect x="222" y="{ly - 9}" width="12" height="10" fill="{OTHER}" stroke="#555555" '
        'stroke-width="0.6"/>',
        f'<text x="239" y="{ly}" fill="{MUTED}">other jurisdictions</text>',
        f'<rect x="362" y="{ly - 9}" width="12" height="10" fill="url(#{uid}-hatch)" '
        'stroke="#555555" stroke-width="0.6"/>',
        f'<text x="379" y="{ly}" fill="{MUTED}">not stated in Table 32</text>',
        "</svg>",
    ]
    return "\n".join(out)


def matrix_svg(chart: FlagMatrix, uid: str) -> str:
    """One row per yes/no field, one column per chosen state: filled = named."""
    row_h, col_w, head = 18, 40, 20
    labels = [f"{r.label} ({r.named_in}/51)" for r in chart.rows]
    label_w = max(_text_w(t) for t in labels) + 12
    width = max(label_w + col_w * len(chart.chosen) + 8, 420)
    height = head + row_h * len(chart.rows) + 30
    out = _open(width, height, uid, chart.alt)
    for j, code in enumerate(chart.chosen):
        x = label_w + col_w * j + col_w / 2
        out.append(
            f'<text x="{x:.1f}" y="{head - 6}" text-anchor="middle" font-weight="bold" '
            f'fill="{INK}">{escape(code)}</text>'
        )
    for i, (r, label) in enumerate(zip(chart.rows, labels, strict=True)):
        y = head + i * row_h + row_h / 2
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{y - row_h / 2:.1f}" width="{width:.0f}" height="{row_h}" '
                'fill="#f6f8fa"/>'
            )
        out.append(
            f'<text x="{label_w - 10:.1f}" y="{y + SIZE * 0.36:.1f}" text-anchor="end" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        for j, (_, words) in enumerate(r.cells):
            x = label_w + col_w * j + col_w / 2
            named = words == "Yes"
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" '
                + (
                    f'fill="{CHOSEN}" stroke="{CHOSEN}"'
                    if named
                    else 'fill="#ffffff" stroke="#777777"'
                )
                + ' stroke-width="1.6"/>'
            )
    ly = height - 10
    out += [
        f'<circle cx="6" cy="{ly - 4}" r="5" fill="{CHOSEN}"/>',
        f'<text x="16" y="{ly}" fill="{MUTED}">named in Table 32</text>',
        f'<circle cx="146" cy="{ly - 4}" r="5" fill="#ffffff" stroke="#777777" '
        'stroke-width="1.6"/>',
        f'<text x="156" y="{ly}" fill="{MUTED}">not named, or not stated</text>',
        "</svg>",
    ]
    return "\n".join(out)


def chart_svg(chart: Chart, uid: str = "chart") -> str:
    """The chart as an SVG document; uid keeps its ids unique within one page."""
    if isinstance(chart, BarChart):
        return bars_svg(chart, uid)
    return matrix_svg(chart, uid)
