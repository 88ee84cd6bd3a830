"""Chart files that stand on their own: PNG (2x), SVG and offline interactive HTML.

Every exported chart carries its title, the source line, the as-of note and the URL of
the view it came from. Images are drawn by kaleido in the system Chromium: ONE export
browser per process, started on first use, reused, health-checked and restarted when it
has died, with every call serialised (analysis/publish/export_browser.py). Map outlines come from static/topojson (file:// URL), the
export page loads no MathJax and the browser is pointed at a dead proxy, so exporting
never reaches another host. Without Chrome or Chromium, PNG/SVG raise ImagesUnavailable
with a clear message; HTML export needs no browser.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from analysis.core import geo, release
from analysis.core.texts import AS_OF_NOTE, SOURCE_LINE, long_date, today
from analysis.publish import export_browser
from analysis.publish.export_browser import ImagesUnavailable

SCALE = 2  # PNG pixels per layout pixel
EXPORT_WIDTH = 1000  # layout width of an exported chart without its own width
RENDER_TIMEOUT_S = export_browser.RENDER_TIMEOUT_S
# Chromium is started with this proxy for http(s): nothing listens there, so a stray
# request from the export page fails instead of leaving the machine.
DEAD_PROXY = "http://127.0.0.1:9"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NO_BROWSER_MESSAGE = (
    "Chart images (PNG, SVG, and the charts in a PDF brief) need Chrome or Chromium, which "
    "was not found on this machine. Install Debian's `chromium` package (scripts/setup.sh "
    "does this) or set BROWSER_PATH to a Chrome/Chromium binary. Interactive HTML, CSV and "
    "XLSX downloads work without it."
)
_LINE_HEIGHT = 15  # px per extra footer line at the source line's font size


class _IgnoredMessageFilter(logging.Filter):
    """Drop choreographer's traceback for a devtools message it ignores itself.

    Under load the pipe can hand choreographer a message cut at a read boundary; it logs
    "JSONError decoding message. Ignoring" with a full traceback on stderr and goes on.
    The export does not fail, so a person running `python -m analysis brief` should not
    see a traceback; any other choreographer error is still logged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("JSONError decoding message. Ignoring")


logging.getLogger("choreographer.channels.pipe").addFilter(_IgnoredMessageFilter())


def find_browser() -> str | None:
    """Path of a Chrome/Chromium binary: BROWSER_PATH if set, else the usual names."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if Path(env).is_file() else None
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def images_available() -> bool:
    """A Chrome/Chromium binary is here. (A browser that crashed is restarted on the next
    request, so a crash never makes images "unavailable" for good.)"""
    return find_browser() is not None


def topojson_url() -> str:
    """file:// URL of the local map-outline folder (with the trailing slash plotly needs)."""
    return geo.TOPOJSON_DIR.resolve().as_uri() + "/"


# --- The one export browser (lifecycle: analysis/publish/export_browser.py) -------------


def _browser_options() -> dict:
    path = find_browser()
    os.environ.setdefault("BROWSER_PATH", path or "")
    pio.defaults.topojson = topojson_url()
    return {
        "n": 1,
        "timeout": RENDER_TIMEOUT_S,
        "mathjax": False,
        "path": path,
        "enable_extensions": False,
        "proxy_server": DEAD_PROXY,
    }


_browser = export_browser.ExportBrowser(_browser_options)
export_browser.register_shutdown(_browser)


def render(
    fig: go.Figure,
    fmt: str,
    width: int | None = None,
    height: int | None = None,
    scale: float = SCALE,
) -> bytes:
    """The figure drawn as PNG or SVG bytes by the shared export browser."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}")
    if find_browser() is None:
        raise ImagesUnavailable(NO_BROWSER_MESSAGE)
    width = int(width or fig.layout.width or EXPORT_WIDTH)
    height = int(height or fig.layout.height or 500)
    return _browser.calc_fig(
        fig,
        opts={"format": fmt, "width": width, "height": height, "scale": scale},
        topojson=topojson_url(),
    )


def shutdown() -> None:
    """Stop the export browser, if started (bounded: never hangs on a dead browser)."""
    _browser.shutdown()


def recent_problem() -> str:
    """Why the last chart image failed, if that was recent (else "")."""
    return _browser.recent_problem()


# --- Making a figure stand on its own --------------------------------------------------


def _wrap_url(url: str, width: int = 130) -> list[str]:
    """A long URL split into display lines (at '&' or ',' where possible)."""
    lines, rest = [], url
    while len(rest) > width:
        cut = max(rest.rfind("&", 0, width), rest.rfind(",", 0, width))
        cut = cut + 1 if cut > width // 2 else width
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest] if rest else lines


def footer_lines(view_url: str = "", exported: str | None = None) -> list[str]:
    """The lines under the source line: as-of note, export date and the dataset's version
    (as the data files and briefs name it), then the view's URL."""
    exported = exported or long_date(today())
    lines = [f"As of: {AS_OF_NOTE} Exported {exported}, dataset version {release.version()}."]
    if view_url:
        wrapped = _wrap_url(view_url)
        lines.append("View: " + wrapped[0])
        lines += ["      " + w for w in wrapped[1:]]
    return lines


def chart_title(fig: go.Figure) -> str:
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if meta.get("title"):
        return str(meta["title"])
    text = fig.layout.title.text or "Chart"
    return re.sub(r"<[^>]+>", " ", text.split("<br>")[0]).strip() or "Chart"


_CARTESIAN = {"bar", "scatter", "scattergl", "box", "histogram", "heatmap", "violin", "funnel"}


def _bottom_axis_room(fig: go.Figure) -> int:
    """Pixels a visible bottom x axis takes below the plot (its tick labels and title)."""
    if not any(t.type in _CARTESIAN for t in fig.data):
        return 0
    xa = fig.layout.xaxis
    if xa.visible is False or xa.side == "top" or xa.showticklabels is False:
        return 0
    room = 24
    if xa.title.text:
        room += 26
    if xa.tickangle not in (None, 0):
        room += 40
    return room


# The look every exported file is drawn with. Set on each export, never taken from the
# process: Streamlit makes its own template plotly's default in the app's process, and that
# template has no automargin, which cut the row labels and axis titles off the files the
# app exported while the command line's were whole.
EXPORT_TEMPLATE = "plotly"
FORMATS = ("png", "svg", "html")


def prepare(fig: go.Figure, view_url: str = "", exported: str | None = None) -> go.Figure:
    """A copy of the figure with the as-of note and the view URL under its source line."""
    out = go.Figure(fig)
    out.layout.template = pio.templates[EXPORT_TEMPLATE]
    lines = [html.escape(line, quote=False) for line in footer_lines(view_url, exported)]
    source = next((a for a in out.layout.annotations if a.name == "source-line"), None)
    if source is None:
        meta = out.layout.meta if isinstance(out.layout.meta, dict) else {}
        out.add_annotation(
            text=html.escape(meta.get("source", SOURCE_LINE), quote=False),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.02,
            yanchor="top",
            xanchor="left",
            showarrow=False,
            font={"size": 11, "color": "#666666"},
            name="source-line",
        )
        source = out.layout.annotations[-1]
        extra = len(lines) + 1
    else:
        extra = len(lines)
    source.text = "<br>".join([source.text, *lines])
    source.align = "left"
    grow = _LINE_HEIGHT * extra
    # Below the x axis's labels, not over them.
    room = _bottom_axis_room(out) if source.yref == "paper" and (source.y or 0) <= 0 else 0
    if room:
        source.yshift = (source.yshift or 0) - room
        grow += room
    margin_b = out.layout.margin.b if out.layout.margin.b is not None else 70
    out.update_layout(
        margin={
            "b": margin_b + grow,
            "l": max(out.layout.margin.l or 0, 24),
            "r": max(out.layout.margin.r or 0, 24),
        },
        height=(out.layout.height or 480) + grow,
        width=out.layout.width or EXPORT_WIDTH,
        title={"pad": {"l": 24}},
    )
    return out


def to_png(
    fig: go.Figure, view_url: str = "", scale: float = SCALE, exported: str | None = None
) -> bytes:
    return render(prepare(fig, view_url, exported), "png", scale=scale)


def to_svg(fig: go.Figure, view_url: str = "", exported: str | None = None) -> bytes:
    return render(prepare(fig, view_url, exported), "svg", scale=1)


def chart_file(fig: go.Figure, fmt: str, view_url: str = "", exported: str | None = None) -> bytes:
    """A chart as the file a person downloads: PNG (2x), SVG or offline HTML.

    The one path for chart files: the app's "Download chart" menu and
    `python -m analysis charts` both call this, so their files differ only in the view
    URL and the export date they print.
    """
    if fmt == "png":
        return to_png(fig, view_url, exported=exported)
    if fmt == "svg":
        return to_svg(fig, view_url, exported=exported)
    if fmt == "html":
        return to_html(fig, view_url, exported).encode("utf-8")
    raise ValueError(f"unsupported chart file format {fmt!r}: choose one of {FORMATS}")


# --- Interactive HTML, offline ---------------------------------------------------------


def _geo_assets(fig: go.Figure) -> dict[str, dict]:
    """The outline files the figure's maps need, read from static/topojson."""
    if not any(t.type in ("choropleth", "scattergeo") for t in fig.data):
        return {}
    names = set()
    for key in fig.layout:
        if key.startswith("geo"):
            g = fig.layout[key]
            scope = (g.scope or "world").replace(" ", "-")
            names.add(f"{scope}_{int(g.resolution or 110)}m")
    names = names or {"world_110m"}
    out = {}
    for name in sorted(names):
        path = geo.TOPOJSON_DIR / f"{name}.json"
        if path.exists():
            out[name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return (
        json.dumps(value, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def to_html(fig: go.Figure, view_url: str = "", exported: str | None = None) -> str:
    """A self-contained page: plotly.js and any map outlines inlined; no network needed."""
    out = prepare(fig, view_url, exported)
    out.update_layout(width=None, autosize=True)
    title = chart_title(fig)
    assets = _geo_assets(out)
    # Pre-populate plotly's outline cache (before plotly.js loads), so maps never fetch.
    preload = (
        "<script>window.PlotlyGeoAssets={topojson:" + _script_json(assets) + "};</script>"
        if assets
        else ""
    )
    body = out.to_html(
        full_html=False,
        include_plotlyjs=True,
        include_mathjax=False,
        div_id="chart",
        default_height=f"{int(out.layout.height or 520)}px",
        default_width="100%",
        config={
            "displaylogo": False,
            "responsive": True,
            "topojsonURL": "topojson/",
            "toImageButtonOptions": {"format": "png", "scale": SCALE},
        },
    )
    link = (
        (f'<p>View in the app: <a href="{html.escape(view_url)}">{html.escape(view_url)}</a></p>')
        if view_url
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:1rem 2rem;color:#222}"
        "p{font-size:0.85rem;color:#555;max-width:60rem}</style>"
        f"{preload}</head><body>\n{body}\n"
        f"<p>{html.escape(AS_OF_NOTE)} Interactive copy: works offline; hover a state for "
        f"the source's own words.</p>{link}\n</body></html>\n"
    )
