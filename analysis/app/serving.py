"""The dashboard's web server: Streamlit's own (st.App) running dashboard.py, made lighter.

`serve.py` at the top of the project builds it (`streamlit run serve.py`, scripts/run.sh).
Four changes to what Streamlit serves by itself, each for a visitor's browser:

1. Streamlit's frontend files (`/static/...`: 2.5 MB of JavaScript on every first visit) are
   sent gzip-compressed (to about a quarter). Streamlit leaves them uncompressed on purpose
   and expects a proxy to compress them: gzip at the origin costs CPU on every request.
   Here each file is compressed once per process, in a worker thread, and kept in memory
   (the files are content-hashed and never change while the server runs). The app's own
   files (`/app/static/`: the chart bundles, the map outlines; read-only) are kept the same
   way instead of being compressed again for every visitor.
2. The page itself (index.html) tells the frontend where the server is
   (`window.__streamlit.BACKEND_BASE_URL`, Streamlit's own setting for hosts that embed it;
   set by static/po_frontend.js from a <meta>, so no second inline script is needed).
   Without it, a deep link such as /penalties first probes /penalties/_stcore/health and
   /penalties/_stcore/host-config, gets two 404s (console errors) and retries after a pause.
   The preload of Streamlit's text font is dropped: the app's theme uses the system font
   (.streamlit/config.toml), so that 170 KB file is not fetched.
3. Streamlit starts every server in its legacy "pages/ folder" mode (a pages/ folder sits
   next to dashboard.py) until a script calls st.navigation; a deep link to a fresh server
   would run the bare page first and then again through dashboard.py (widgets.page_guard).
   The server leaves that mode before the first session, so every page runs once.
4. Every connection the server accepts sends at once (TCP_NODELAY, `tcp_nodelay`): without
   it each response on a kept-alive connection waited 40 ms for the browser's delayed
   acknowledgement (44 ms a file, where a first page load asks for some 60).
"""

from __future__ import annotations

import asyncio
import gzip
import html
import json
import re
import socket
from asyncio import base_events

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.pages_manager import PagesManager

COMPRESSIBLE = ("javascript", "css", "json", "svg", "html", "text/plain", "wasm")
GZIP_LEVEL = 9
MAX_CACHED_FILES = 512
MAX_BYTES = 8 * 1024 * 1024
FONT_PRELOAD = re.compile(rb'\s*<link\s+rel="preload"[^>]*SourceSans[^>]*/>', re.S)
FRONTEND_SETTINGS = "app/static/po_frontend.js"
# Paths that are the app's pages (Streamlit answers them with index.html).
_NOT_A_PAGE = ("_stcore/", "static/", "app/static/", "media/", "component/", "favicon")


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def _accepts_gzip(scope: Scope) -> bool:
    value = _header(list(scope.get("headers", ())), b"accept-encoding") or b""
    return b"gzip" in value.lower()


def _without(headers: list[tuple[bytes, bytes]], *names: bytes) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in headers if k.lower() not in names]


MODULE_SCRIPT = re.compile(rb"""<script\b[^>]*\btype=["']module["']""")


def inject(index_html: bytes, base_path: str, font: str = "") -> bytes:
    """index.html with the server's address for the frontend and, given the theme's font,
    that font from the first frame on and no preload of Streamlit's own text font.

    The settings travel in a <meta> that static/po_frontend.js reads (a file, not an inline
    script: the Content-Security-Policy allows one inline script, the quick exit's)."""
    base = "/" + base_path.strip("/") if base_path.strip("/") else ""
    settings: dict[str, object] = {"base": base + "/"}
    if font:
        # The frontend draws its first frames with its default theme, before the server
        # sends the app's: give it the app's font now, or it fetches Source Sans anyway.
        theme = {"bodyFont": font, "headingFont": font}
        settings |= {"LIGHT_THEME": theme, "DARK_THEME": theme}
    tags = (
        f'<meta name="po-frontend" content="{html.escape(json.dumps(settings), quote=True)}">'
        f'<script defer src="{base}/{FRONTEND_SETTINGS}"></script>'
    ).encode()
    out = FONT_PRELOAD.sub(b"", index_html, count=1) if font else index_html
    # Deferred, so the page is parsed and painted (the quick exit on the screen) without
    # waiting for the file, which queues behind some 60 script files; placed before the
    # frontend's module script, which is deferred too, so it still runs first (deferred
    # scripts run in document order once the page is parsed).
    module = MODULE_SCRIPT.search(out)
    if module is None:
        return out.replace(b"</head>", b"  " + tags + b"\n  </head>", 1)
    return out[: module.start()] + tags + b"\n    " + out[module.start() :]


class LightStatic:
    """ASGI middleware: compressed frontend files and the adjusted index.html (see module)."""

    def __init__(self, app: ASGIApp, base_path: str = "", font: str = "") -> None:
        self.app = app
        self.font = font
        self.base = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.cache: dict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = {}

    def _kind(self, scope: Scope) -> str | None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            return None
        path: str = scope.get("path", "")
        if self.base and not path.startswith(self.base):
            return None
        rel = path[len(self.base) :].lstrip("/")
        if rel.startswith(("static/", "app/static/")):
            return "static"
        if not rel.startswith(_NOT_A_PAGE) and "." not in rel.rsplit("/", 1)[-1]:
            return "page"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = self._kind(scope)
        headers = list(scope.get("headers", ()))
        if kind is None or _header(headers, b"range") or _header(headers, b"if-none-match"):
            await self.app(scope, receive, send)
            return
        gz = _accepts_gzip(scope)
        # By path for pages too: the web layer (server.py) answers an unknown path itself.
        key = f"{kind}:{scope['path']}:{gz}"
        hit = self.cache.get(key)
        if hit is None:
            hit = await self._fetch(scope, receive, kind, gz)
            if hit[0] == 200 and len(self.cache) < MAX_CACHED_FILES and len(hit[2]) < MAX_BYTES:
                self.cache[key] = hit
        status, out_headers, body = hit
        await send({"type": "http.response.start", "status": status, "headers": out_headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

    async def _fetch(
        self, scope: Scope, receive: Receive, kind: str, gz: bool
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Streamlit's own response, buffered, then adjusted and (if it helps) compressed."""
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        # Streamlit's own gzip (app/static/, per request) is skipped: compressed once here.
        inner = dict(
            scope,
            method="GET",
            headers=_without(list(scope.get("headers", ())), b"accept-encoding"),
        )
        # The whole file, even if this visitor goes away meanwhile: Streamlit stops sending
        # a file when it hears the client left, and a cut-off file must never be kept
        # (every later visitor would get broken JavaScript).
        await self.app(inner, _no_disconnect(), capture)
        status = int(start.get("status", 500))
        headers = list(start.get("headers", []))
        body = b"".join(chunks)
        ctype = (_header(headers, b"content-type") or b"").decode("latin-1")
        length = _header(headers, b"content-length")
        if length is not None and length.isdigit() and int(length) != len(body):
            return 503, [(b"content-type", b"text/plain")], b"incomplete, try again"
        if status != 200 or _header(headers, b"content-encoding"):
            return status, headers, body
        if kind == "page":
            if not ctype.startswith("text/html"):
                return status, headers, body
            body = inject(body, self.base, self.font)
            # Its validators describe Streamlit's file, not this one.
            headers = _without(headers, b"etag", b"last-modified")
        headers = _without(headers, b"content-length")
        if gz and any(c in ctype for c in COMPRESSIBLE):
            body = await asyncio.to_thread(gzip.compress, body, GZIP_LEVEL, mtime=0)
            headers = _without(headers, b"vary") + [
                (b"content-encoding", b"gzip"),
                (b"vary", b"Accept-Encoding"),
            ]
        headers.append((b"content-length", str(len(body)).encode()))
        return status, headers, body


def _no_disconnect() -> Receive:
    """A receive for the inner request: an empty GET body, then nothing, never a disconnect
    (a wait that ends when the response is complete and Streamlit stops listening)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    return receive


def message_kind(payload: bytes) -> str:
    """Which ForwardMsg a websocket frame carries ("delta", "script_finished", ...)."""
    try:
        return ForwardMsg.FromString(payload).WhichOneof("type") or ""
    except Exception:  # noqa: BLE001 - not a ForwardMsg: sent on as it is
        return ""


class OneBurst:
    """ASGI middleware: a script run's page elements go to the browser together.

    Streamlit sends each element (a ForwardMsg "delta") as the script makes it, and the
    frontend renders the whole page again for each bunch that arrives: a page script of
    40 ms reached the browser in 4 to 6 bunches, each a React render of 60 to 110 ms on
    this machine. Here a run's messages are held from its first delta until it finishes
    (script_finished), at most HOLD seconds, and then sent at once. A slow run still shows
    its elements in steps of HOLD; every other message passes straight through.
    """

    HOLD = 0.15

    def __init__(self, app: ASGIApp, base_path: str = "") -> None:
        self.app = app
        base = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.path = f"{base}/_stcore/stream"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or scope.get("path") != self.path:
            await self.app(scope, receive, send)
            return
        held: list[Message] = []
        lock = asyncio.Lock()
        timer: list[asyncio.Task] = []

        async def flush() -> None:
            batch = held[:]
            held.clear()
            for m in batch:
                await send(m)

        async def later() -> None:
            await asyncio.sleep(self.HOLD)
            async with lock:
                timer.clear()
                try:
                    await flush()
                except Exception:  # noqa: BLE001 - the visitor left; Streamlit notices
                    held.clear()

        async def send_batched(message: Message) -> None:
            payload = message.get("bytes") if message["type"] == "websocket.send" else None
            async with lock:
                if payload is None:
                    await flush()
                    await send(message)
                    return
                kind = message_kind(payload)
                if kind != "delta" and not held:
                    await send(message)
                    return
                held.append(message)
                if kind == "script_finished":
                    for t in timer:
                        t.cancel()
                    timer.clear()
                    await flush()
                elif not timer:
                    timer.append(asyncio.create_task(later()))

        await self.app(scope, receive, send_batched)


def leave_pages_folder_mode() -> None:
    """Run every session through dashboard.py's st.navigation from the first one on."""
    PagesManager.uses_pages_directory = False


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def tcp_nodelay() -> bool:
    """Turn Nagle's algorithm off on every TCP connection this process accepts from now on.

    asyncio turns it off itself (base_events._set_nodelay) only for sockets made with
    proto=IPPROTO_TCP, and Streamlit binds its listening socket as socket.socket(family)
    (proto 0), which the connections it accepts inherit. So with Nagle on, the second part
    of each response (Starlette sends the head and the body apart) waited for the client's
    acknowledgement of the first, which a browser delays by 40 ms: every request on a
    kept-alive connection took 44 ms here instead of 1-5 (benchmark: `static`). False if
    this Python has no such hook (then nothing changes)."""
    if getattr(base_events, "_set_nodelay", None) is None:
        return False
    base_events._set_nodelay = _set_nodelay  # read at each new connection
    return True


def middleware() -> list[Middleware]:
    """The middleware serve.py gives st.App, under server.baseUrlPath: OneBurst, and
    LightStatic with the theme's font (the light theme's; config.toml sets the same for
    both)."""
    base = st.get_option("server.baseUrlPath") or ""
    return [
        Middleware(OneBurst, base_path=base),
        Middleware(LightStatic, base_path=base, font=st.get_option("theme.light.font") or ""),
    ]
