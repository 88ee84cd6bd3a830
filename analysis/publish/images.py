"""Chart files that stand on their own: PNG (2x), SVG and offline interactive HTML.

Every exported chart carries its title, the source line, the as-of note and the URL of
the view it came from. Images are drawn by kaleido in the system Chromium: ONE export
browser per process, started on first use and reused (kaleido's sync server), with every
call serialised behind a lock. Map outlines come from static/topojson (file:// URL), the
export page loads no MathJax and the browser is pointed at a dead proxy, so exporting
never reaches another host. Without Chrome or Chromium, PNG/SVG raise ImagesUnavailable
with a clear message; HTML export needs no browser.
"""

from __future__ import annotations

import concurrent.futures
import html
import json
import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from analysis.core import geo
from analysis.core.texts import AS_OF_NOTE, SOURCE_LINE, long_date, today

SCALE = 2  # PNG pixels per layout pixel
EXPORT_WIDTH = 1000  # layout width of an exported chart without its own width
RENDER_TIMEOUT_S = 90
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


class ImagesUnavailable(RuntimeError):
    """Chart images cannot be drawn here (no browser, or the export browser failed)."""


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
    return find_browser() is not None and not _state["broken"]


def topojson_url() -> str:
    """file:// URL of the local map-outline folder (with the trailing slash plotly needs)."""
    return geo.TOPOJSON_DIR.resolve().as_uri() + "/"


# --- The one export browser ------------------------------------------------------------

_lock = threading.Lock()
_state: dict = {"started": False, "broken": "", "executor": None}


def _start_locked(path: str) -> None:
    os.environ.setdefault("BROWSER_PATH", path)
    pio.defaults.topojson = topojson_url()
    kaleido.start_sync_server(
        n=1,
        timeout=RENDER_TIMEOUT_S,
        mathjax=False,
        path=path,
        enable_extensions=False,
        proxy_server=DEAD_PROXY,
        silence_warnings=True,
    )
    _state["executor"] = concurrent.futures.ThreadPoolExecutor(
        max_workers=1, thread_name_prefix="chart-export"
    )
    _state["started"] = True


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
    path = find_browser()
    if path is None:
        raise ImagesUnavailable(NO_BROWSER_MESSAGE)
    width = int(width or fig.layout.width or EXPORT_WIDTH)
    height = int(height or fig.layout.height or 500)
    with _lock:
        if _state["broken"]:
            raise ImagesUnavailable(_state["broken"])
        if not _state["started"]:
            _start_locked(path)
        job = _state["executor"].submit(
            kaleido.calc_fig_sync,
            fig,
            opts={"format": fmt, "width": width, "height": height, "scale": scale},
            topojson=topojson_url(),
        )
        try:
            # The first call also starts the browser (a few seconds).
            return _wait(job)
        except ImagesUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - kaleido/choreographer raise many types
            if type(exc).__name__ == "ChromeNotFoundError":
                _state["broken"] = NO_BROWSER_MESSAGE
                raise ImagesUnavailable(NO_BROWSER_MESSAGE) from exc
            raise ImagesUnavailable(f"The chart image could not be drawn: {exc}") from exc


def shutdown() -> None:
    """Stop the export browser, if started (the command line does this before exiting)."""
    with _lock:
        if not _state["started"]:
            return
        if _server_alive():
            kaleido.stop_sync_server(silence_warnings=True)
        _state["executor"].shutdown(wait=False)
        _state.update(started=False, executor=None)


def _server_alive() -> bool:
    thread = getattr(getattr(kaleido, "_global_server", None), "_thread", None)
    return thread is None or thread.is_alive()


def _wait(job: concurrent.futures.Future) -> bytes:
    """The job's result; a dead or hung export browser is reported, never waited on forever."""
    deadline = time.monotonic() + RENDER_TIMEOUT_S + 30
    while True:
        try:
            return job.result(timeout=0.25)
        except concurrent.futures.TimeoutError:
            if not _server_alive() or time.monotonic() > deadline:
                _state["broken"] = (
                    "The chart-image browser failed or stopped responding; restart the app "
                    "to retry. Interactive HTML, CSV and XLSX downloads still work."
                )
                raise ImagesUnavailable(_state["broken"]) from None


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
    """The lines under the source line: as-of note and export date, then the view's URL."""
    exported = exported or long_date(today())
    lines = [f"As of: {AS_OF_NOTE} Exported {exported}."]
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


def prepare(fig: go.Figure, view_url: str = "", exported: str | None = None) -> go.Figure:
    """A copy of the figure with the as-of note and the view URL under its source line."""
    out = go.Figure(fig)
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


def to_png(fig: go.Figure, view_url: str = "", scale: float = SCALE) -> bytes:
    return render(prepare(fig, view_url), "png", scale=scale)


def to_svg(fig: go.Figure, view_url: str = "") -> bytes:
    return render(prepare(fig, view_url), "svg", scale=1)


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
