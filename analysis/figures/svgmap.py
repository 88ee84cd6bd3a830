"""The maps of analysis.figures.maps drawn as inline SVG on the server, for the pages.

A page's map needs no interaction plotly adds (no zoom, no pan): colours, a legend, the
source's words on hover and a click to open a profile. Drawn here from the very figure the
exports use (its locations, colours, hover text, legend names, title and source line), it
reads the same as the downloaded files, costs the browser no chart code (plotly's geo
bundle and the outline file were about 0.4 MB and 350 ms of blocking script per map page),
and works where scripts do not.

- Each jurisdiction is a link to its profile (`href`, with "{code}"), its hover text the
  figure's own (as a native tooltip). The links are out of the tab order and the drawing is
  hidden from assistive technology: the page's list of jurisdictions beside the map is the
  keyboard and screen-reader path, and the text alternative (`alt`) names the numbers.
- The legend is HTML below the drawing, so on a phone the map spans the screen.
- Outlines: analysis.core.geo.state_paths (Albers USA, as plotly draws it).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import plotly.graph_objects as go

from analysis.core import geo

# What every server-drawn figure (these maps, figures/htmlbars' charts) shares: the title
# and source line around the drawing, the legend below it, the text alternative.
FIGURE_CSS = (
    ".po-fig{margin:0}"
    ".po-fig .po-chart-head{margin:0 0 .25rem 0;overflow-wrap:anywhere}"
    ".po-fig .po-chart-head p,.po-fig .po-chart-foot{margin:0}"
    ".po-fig .po-chart-title{font-weight:700;font-size:1.05rem;line-height:1.3}"
    ".po-fig .po-chart-sub{font-size:.85rem;line-height:1.35}"
    ".po-fig .po-chart-foot{font-size:.75rem;line-height:1.35;opacity:.8;overflow-wrap:anywhere}"
    ".po-map-legend{list-style:none;margin:.5rem 0 .25rem 0;padding:0;display:flex;"
    "flex-wrap:wrap;gap:.25rem 1.1rem;font-size:.85rem;line-height:1.4}"
    ".po-map-legend li{margin:0;padding:0}"
    ".po-map-key{display:inline-block;width:.95rem;height:.95rem;margin-right:.4rem;"
    "border:1px solid #888;vertical-align:-.15rem}"
    ".po-map-alt{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}"
)
CSS = FIGURE_CSS + (
    ".po-map svg{display:block;width:100%;height:auto}"
    ".po-map .po-map-shape{stroke:#fff;stroke-width:.8}"
    ".po-map a:hover .po-map-shape{stroke:#000;stroke-width:2}"
    ".po-map text{pointer-events:none}"
)
TILE = 50  # px per tile-grid cell (the square is 44, as in the plotly figure)
PAD = 6


def plain(label: str) -> str:
    """A plotly hover label (`<b>`, `<br>`, entities) as plain text, one line per `<br>`."""
    text = re.sub(r"<br\s*/?>", "\n", label or "", flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def head_and_foot(fig: go.Figure) -> tuple[str, str]:
    title = fig.layout.title.text or ""
    main, _, sub = title.partition("<br><sup>")
    sub = sub.removesuffix("</sup>")
    head = f'<div class="po-chart-head"><p class="po-chart-title">{html.escape(plain(main))}</p>'
    if sub:
        head += f'<p class="po-chart-sub">{html.escape(plain(sub))}</p>'
    head += "</div>"
    source = (fig.layout.meta or {}).get("source", "")
    lines = [html.escape(line) for line in plain(source).split("\n") if line]
    foot = (
        '<p class="po-chart-foot">'
        + "<br>".join(f'<span class="po-chart-source">{line}</span>' for line in lines)
        + "</p>"
    )
    return head, foot


def _scale_color(scale, z: float, zmin: float, zmax: float) -> str:
    """The colour a stepped plotly colour scale gives z."""
    t = (z - zmin) / ((zmax - zmin) or 1)
    for (p0, c0), (p1, _c1) in zip(scale, scale[1:], strict=False):
        if p0 <= t <= p1:
            return c0
    return scale[-1][1]


def legend_html(items: list[tuple[str, str]]) -> str:
    """A legend below a figure: (name, the key's CSS background; "" for no key) each."""
    keys = (
        f'<span class="po-map-key" style="{html.escape(style)}"></span>' if style else ""
        for _, style in items
    )
    return (
        '<ul class="po-map-legend">'
        + "".join(
            f"<li>{key}{html.escape(name)}</li>" for key, (name, _) in zip(keys, items, strict=True)
        )
        + "</ul>"
    )


def _link(code: str, href: str, hover: str, shape: str) -> str:
    return (
        f'<a href="{html.escape(href.format(code=code))}" tabindex="-1" data-code="{code}">'
        f"<title>{html.escape(plain(hover))}</title>{shape}</a>"
    )


def _figure(fig: go.Figure, alt: str, svg: str, legend: list[tuple[str, str]], kind: str) -> str:
    head, foot = head_and_foot(fig)
    return (
        f'<figure class="po-map po-fig po-map-{kind}">{head}'
        f'<p class="po-map-alt">{html.escape(alt)}</p>{svg}'
        + legend_html([(name, f"background:{color}") for name, color in legend])
        + f"{foot}</figure>"
    )


def is_category_map(fig: go.Figure) -> bool:
    """A figure of maps.category_map: one choropleth and legend-only Scattergeo traces."""
    return (
        bool(fig.data)
        and fig.data[0].type == "choropleth"
        and all(t.type == "scattergeo" for t in fig.data[1:])
    )


def is_tile_grid(fig: go.Figure) -> bool:
    """A figure of maps.tile_grid: square-marker scatter traces on hidden axes."""
    return (
        bool(fig.data)
        and all(t.type == "scatter" and t.marker.symbol == "square" for t in fig.data)
        and fig.layout.xaxis.visible is False
    )


def category_map_html(fig: go.Figure, alt: str, href: str) -> str:
    """maps.category_map's figure as a figure element with an inline SVG map."""
    shapes, symbols = geo.state_paths(), []
    choro = fig.data[0]
    scale = [list(s) for s in choro.colorscale]
    links = []
    for code, z, hover in zip(choro.locations, choro.z, choro.hovertext, strict=True):
        fill = _scale_color(scale, float(z), float(choro.zmin), float(choro.zmax))
        path = f'<path class="po-map-shape" d="{shapes[code]}" fill="{fill}"/>'
        links.append(_link(code, href, hover, path))
    legend = []
    for trace in fig.data[1:]:
        if trace.showlegend:
            legend.append((trace.name, trace.marker.color))
        elif trace.mode == "text":
            for lon, lat, text in zip(trace.lon, trace.lat, trace.text, strict=True):
                code = _nearest_code(lon, lat)
                x, y = geo.albers_usa(code, lon, lat)
                symbols.append(
                    f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" dy=".35em" '
                    f'font-size="22" fill="{trace.textfont.color or "#222222"}">'
                    f"{html.escape(text)}</text>"
                )
    x0, y0, x1, y1 = _bounds()
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0} {y0} {x1 - x0} {y1 - y0}" '
        'aria-hidden="true" font-family="DejaVu Sans, Arial, sans-serif">'
        + "".join(links)
        + "".join(symbols)
        + "</svg>"
    )
    return _figure(fig, alt, svg, legend, "geo")


def tile_grid_html(fig: go.Figure, alt: str, href: str) -> str:
    """maps.tile_grid's figure as a figure element with an inline SVG of equal tiles."""
    links, legend = [], []
    cols = rows = 0
    for trace in fig.data:
        legend.append((trace.name, trace.marker.color))
        for x, y, text, code, hover in zip(
            trace.x, trace.y, trace.text, trace.customdata, trace.hovertext, strict=True
        ):
            if code is None:
                continue
            col, row = int(x), int(-y)
            cols, rows = max(cols, col + 1), max(rows, row + 1)
            left, top = PAD + col * TILE, PAD + row * TILE
            lines = plain(text).split("\n")
            ink = trace.textfont.color or "#222222"
            label = "".join(
                f'<text x="{left + 22}" y="{top + 22 + (i - (len(lines) - 1) / 2) * 14:.0f}" '
                f'text-anchor="middle" dy=".35em" font-size="12" fill="{ink}">'
                f"{html.escape(line)}</text>"
                for i, line in enumerate(lines)
            )
            shape = (
                f'<rect class="po-map-shape" x="{left}" y="{top}" width="44" height="44" '
                f'fill="{trace.marker.color}"/>'
            )
            links.append(_link(code, href, hover, shape + label))
    width, height = 2 * PAD + cols * TILE - 6, 2 * PAD + rows * TILE - 6
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'aria-hidden="true" font-family="DejaVu Sans, Arial, sans-serif">'
        + "".join(links)
        + "</svg>"
    )
    return _figure(fig, alt, svg, legend, "tiles")


def figure_html(fig: go.Figure, alt: str, href: str) -> str | None:
    """The map as inline SVG, or None if `fig` is not one of the maps drawn here."""
    if is_category_map(fig):
        return category_map_html(fig, alt, href)
    if is_tile_grid(fig):
        return tile_grid_html(fig, alt, href)
    return None


def _nearest_code(lon: float, lat: float) -> str:
    """The state whose label point (geo.centroids) is at lon/lat (the symbols sit there)."""
    cents = geo.centroids()
    return min(cents, key=lambda c: (cents[c][0] - lon) ** 2 + (cents[c][1] - lat) ** 2)


@lru_cache(maxsize=1)
def _bounds() -> tuple[int, int, int, int]:
    """The drawing's box around every outline, a few pixels to spare."""
    xs, ys = [], []
    for d in geo.state_paths().values():
        for part in d.split("z"):
            if not part:
                continue
            x = y = 0.0
            for cmd, a, b in re.findall(r"([Ml])(-?[\d.]+) (-?[\d.]+)", part):
                if cmd == "M":
                    x, y = float(a), float(b)
                else:
                    x, y = x + float(a), y + float(b)
                xs.append(x)
                ys.append(y)
    return int(min(xs)) - 2, int(min(ys)) - 2, int(max(xs)) + 3, int(max(ys)) + 3
