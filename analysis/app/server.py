"""The app's web layer: the quick exit in every page, safety headers on every response.

`dashboard.py` hands this middleware to `st.App`, so `streamlit run dashboard.py` (and any
ASGI server) serves through it. It wraps Streamlit's own server, without changing it:

- a page of the app (the paths in analysis/app/navigation.py) gets Streamlit's index.html
  with the quick exit and its script built in (analysis/core/safety.inject), so the exit
  is there before Streamlit's JavaScript has loaded and after the server has gone;
- any other path that is not one of Streamlit's own routes (a nested path such as
  /profile/extra, a mistyped page) gets a page of its own with the quick exit and a link
  home, status 404, instead of Streamlit's blank fallback;
- every HTTP response gets the headers in analysis/core/safety.HEADERS (replacing any of
  the same name Streamlit set).
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import config, file_util

from analysis.app import navigation
from analysis.core import safety

# Streamlit's own routes and files (relative to the base URL path): passed through.
STREAMLIT_PREFIXES = ("_stcore/", "static/", "app/static/", "component/", "media/", "auth/")
STREAMLIT_FILES = frozenset({"favicon.png", "manifest.json", "oauth2callback", "_stcore"})
_HEADER_NAMES = {name.lower().encode("latin-1") for name in safety.HEADERS}
_HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in safety.HEADERS.items()]


@functools.lru_cache(maxsize=1)
def index_html() -> bytes:
    """Streamlit's index.html with the quick exit built in (read once per process)."""
    path = Path(file_util.get_static_dir()) / "index.html"
    return safety.inject(path.read_text(encoding="utf-8")).encode("utf-8")


def base_path() -> str:
    """server.baseUrlPath as '/base' ('' when the app is served at the root)."""
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def classify(path: str, base: str) -> str:
    """'page', 'streamlit' or 'unknown' for a request path."""
    if base and not (path == base or path.startswith(base + "/")):
        return "unknown"
    rel = path[len(base) :].lstrip("/")
    if rel.startswith(STREAMLIT_PREFIXES) or rel in STREAMLIT_FILES:
        return "streamlit"
    if rel.endswith("/") and rel.rstrip("/") in navigation.URL_PATHS and rel.rstrip("/"):
        return "streamlit"  # Streamlit redirects /page/ to /page
    return "page" if rel in navigation.URL_PATHS else "unknown"


def with_safety_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    kept = [(k, v) for k, v in headers if k.lower() not in _HEADER_NAMES]
    return kept + _HEADERS


class SafetyMiddleware:
    """ASGI middleware: our pages for page and unknown paths; safety headers everywhere."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        base = base_path()
        kind = classify(scope.get("path", ""), base)
        if kind != "streamlit" and scope.get("method") in ("GET", "HEAD"):
            if kind == "page":
                body, status = index_html(), 200
            else:
                body = safety.standalone_page(
                    "Page not found", safety.NOT_FOUND_MESSAGE, f"{base}/"
                ).encode("utf-8")
                status = 404
            await _respond(send, status, body, head=scope["method"] == "HEAD")
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": with_safety_headers(list(message.get("headers", []))),
                }
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _respond(send: Send, status: int, body: bytes, head: bool = False) -> None:
    headers = with_safety_headers(
        [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")),
        ]
    )
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


MIDDLEWARE = [Middleware(SafetyMiddleware)]
