"""The bar charts of analysis.figures.topics drawn as HTML on the server, for the pages.

A page's unit chart, yes/no rows or severity bars need nothing plotly adds in the page
(no zoom, no pan, no click): blocks in rows, their codes, the source's words on hover, a
legend, the title and the source line. Drawn here from the very figure the exports use
(its rows, blocks, colours, hatching, hover text, legend names, title and source line),
it reads the same as the downloaded files and costs the browser no chart code: plotly's
basic bundle took about 130 ms to start and up to 240 ms to draw each chart.

- Unit charts and yes/no rows: a row per category, first on top as in the figure; one
  block per jurisdiction labelled with its code. Blocks keep one size and wrap, so on a
  phone a row takes more lines, never smaller text; below 40rem the row's label sits
  above its blocks. Hatching (not stated, no fixed limit) is a CSS pattern over the
  colour, as in the figure.
- Severity bars: a row per jurisdiction, its bar as wide as its index on the figure's
  axis, the value beside it; "Not stated" where no index.
- A block's or bar's tooltip is the figure's hover text (native `title`). The drawing is
  hidden from assistive technology: the text alternative (`alt`, shown to screen readers
  only) names the numbers, and every page has the same values as a table.
- A highlighted jurisdiction (topics.highlight: a shape named "highlight XX") is framed
  by a ring that reads in both colour schemes.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from analysis.figures.svgmap import head_and_foot, legend_html, plain

# Title, source line, legend and text alternative: svgmap.FIGURE_CSS (the `po-fig` class).
CSS = (
    ".po-bars .po-chart-head{margin-bottom:.35rem}.po-bars .po-chart-foot{margin-top:.35rem}"
    ".po-units-row{display:grid;grid-template-columns:minmax(6rem,11rem) 1fr;"
    "gap:.2rem .7rem;align-items:start;padding:.3rem 0;"
    "border-top:1px solid rgba(128,128,128,.3)}"
    ".po-units-label{font-size:.85rem;line-height:1.3;overflow-wrap:anywhere}"
    ".po-units-label small{display:block;font-size:.8rem}"
    ".po-units-blocks{display:flex;flex-wrap:wrap;gap:2px;align-items:center}"
    ".po-unit{flex:0 0 auto;box-sizing:border-box;width:1.9rem;height:1.5rem;"
    "font-size:11px;line-height:1.5rem;text-align:center;border-radius:2px}"
    ".po-units-count{font-weight:700;font-size:.85rem;padding-left:.3rem;line-height:1.5rem}"
    ".po-hl{box-shadow:0 0 0 2px #000,0 0 0 4px #fff;position:relative;z-index:1}"
    ".po-hbar-row{display:grid;grid-template-columns:minmax(7rem,12rem) 1fr;gap:.6rem;"
    "align-items:center;font-size:.8rem;line-height:1.15rem;min-height:1.2rem}"
    ".po-hbar-label{text-align:right;overflow-wrap:anywhere}"
    ".po-hbar-track{display:flex;align-items:center;gap:.3rem}"
    ".po-hbar{display:inline-block;height:.95rem;border-radius:1px;flex:0 0 auto}"
    ".po-bars-note{font-weight:700;margin:.5rem 0}"
    "@media (max-width:40rem){.po-units-row{grid-template-columns:1fr}"
    ".po-hbar-row{grid-template-columns:minmax(5rem,9rem) 1fr}}"
)
HATCH_INK = "rgba(40,40,40,.38)"


def _hatch(shape: str) -> str:
    """The CSS pattern for a plotly bar pattern shape ("/" hatched, "x" cross-hatched)."""
    line = f"{HATCH_INK} 0 1px,transparent 1px 6px"
    if shape == "/":
        return f"repeating-linear-gradient(-45deg,{line})"
    if shape == "x":
        return f"repeating-linear-gradient(45deg,{line}),repeating-linear-gradient(-45deg,{line})"
    return ""


def _fill(marker: dict) -> str:
    """background CSS for a trace's marker: its colour, and its pattern over it."""
    out = f"background-color:{html.escape(str(marker.get('color') or '#cccccc'))}"
    pattern = _hatch((marker.get("pattern") or {}).get("shape", ""))
    return out + (f";background-image:{pattern}" if pattern else "")


def _legend(traces: list[dict]) -> str:
    """The figure's legend entries (bars with their colour and hatching as the key)."""
    items = [
        (plain(t["name"]), _fill(t.get("marker") or {}) if t.get("type") == "bar" else "")
        for t in traces
        if t.get("showlegend", True) is not False and t.get("name")
    ]
    return legend_html(items) if items else ""


def _highlighted(layout: dict) -> set[str]:
    return {
        s["name"].removeprefix("highlight ")
        for s in layout.get("shapes", ()) or ()
        if str(s.get("name", "")).startswith("highlight ")
    }


def _row_label(category: str) -> str:
    """A category as the row's label: its first line bold, the rest (counts) below."""
    first, *rest = plain(category).split("\n")
    out = f"<b>{html.escape(first)}</b>"
    return out + "".join(f"<small>{html.escape(line)}</small>" for line in rest if line)


def is_bar_chart(fig: go.Figure) -> bool:
    """A figure of topics: horizontal bars on a category axis (and text-only scatter)."""
    traces = fig.data
    return (
        any(t.type == "bar" for t in traces)
        and all(
            (t.type == "bar" and t.orientation == "h") or (t.type == "scatter" and t.mode == "text")
            for t in traces
        )
        and bool(fig.layout.yaxis.categoryarray)
    )


def _units(props: dict, hl: set[str]) -> str:
    layout = props["layout"]
    rows = list(layout["yaxis"]["categoryarray"])[::-1]
    blocks: dict[str, list[str]] = {r: [] for r in rows}
    for t in props["data"]:
        style = _fill(t.get("marker") or {})
        ink = html.escape(str((t.get("textfont") or {}).get("color") or "#000000"))
        for y, code, text, hover in zip(
            t["y"], t["customdata"], t["text"], t["hovertext"], strict=True
        ):
            if code is None or y not in blocks:
                continue
            cls = "po-unit po-hl" if code in hl else "po-unit"
            blocks[y].append(
                f'<span class="{cls}" data-code="{html.escape(code)}" '
                f'style="{style};color:{ink}" title="{html.escape(plain(hover))}">'
                f"{html.escape(plain(text))}</span>"
            )
    counts = {
        a.get("y"): plain(a.get("text", ""))
        for a in layout.get("annotations", ())
        if a.get("name") != "source-line" and a.get("y") in blocks
    }
    out = []
    for r in rows:
        count = counts.get(r)
        tail = f'<span class="po-units-count">{html.escape(count)}</span>' if count else ""
        out.append(
            f'<div class="po-units-row"><div class="po-units-label">{_row_label(r)}</div>'
            f'<div class="po-units-blocks">{"".join(blocks[r])}{tail}</div></div>'
        )
    return "".join(out)


def _hbars(props: dict, hl: set[str]) -> str:
    layout = props["layout"]
    rows = list(layout["yaxis"]["categoryarray"])[::-1]
    top = float((layout.get("xaxis", {}).get("range") or [0, 100])[1]) or 100.0
    drawn: dict[str, str] = {}
    for t in props["data"]:
        for i, (y, code) in enumerate(zip(t["y"], t["customdata"], strict=True)):
            if code is None:
                continue
            hover = html.escape(plain(t["hovertext"][i]))
            text = html.escape(plain(t["text"][i]))
            ring = " po-hl" if code in hl else ""
            if t["type"] == "bar":
                width = max(0.0, min(100.0, 100 * float(t["x"][i] or 0) / top))
                drawn[y] = (
                    f'<span class="po-hbar{ring}" data-code="{html.escape(code)}" '
                    f'style="width:{width:.1f}%;{_fill(t.get("marker") or {})}" '
                    f'title="{hover}"></span><span class="po-hbar-value">{text}</span>'
                )
            else:
                drawn[y] = (
                    f'<span class="po-hbar-value{ring}" data-code="{html.escape(code)}" '
                    f'title="{hover}">{text}</span>'
                )
    return "".join(
        f'<div class="po-hbar-row"><span class="po-hbar-label">{html.escape(plain(r))}</span>'
        f'<span class="po-hbar-track">{drawn.get(r, "")}</span></div>'
        for r in rows
    )


def figure_html(fig: go.Figure, alt: str) -> str | None:
    """The chart as a figure element of HTML blocks or bars, or None if `fig` is not one
    of the horizontal bar charts drawn here."""
    if not is_bar_chart(fig):
        return None
    props = fig.to_dict()
    layout = props["layout"]
    hl = _highlighted(layout)
    stacked = layout.get("barmode") == "stack"
    body = _units(props, hl) if stacked else _hbars(props, hl)
    notes = "".join(
        f'<p class="po-bars-note">{html.escape(plain(a["text"]))}</p>'
        for a in layout.get("annotations", ())
        if a.get("xref") == "paper" and a.get("yref") == "paper" and a.get("name") != "source-line"
    )
    head, foot = head_and_foot(fig)
    kind = "units" if stacked else "hbars"
    return (
        f'<figure class="po-bars po-fig po-bars-{kind}">{head}'
        f'<p class="po-map-alt">{html.escape(alt)}</p>{notes}'
        f'<div class="po-bars-body" aria-hidden="true">{body}</div>'
        f"{_legend(props['data'])}{foot}</figure>"
    )
