"""The app's web server (analysis/app/serving.py): compressed frontend files, the index page a
deep link loads without 404s, no legacy pages/ mode. Driven as plain ASGI, no network."""

import asyncio
import gzip
import json
import re
import socket
from html import unescape

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web.server.app_discovery import discover_asgi_app

from analysis.app import serving
from analysis.core import paths

INDEX = (
    b"<!DOCTYPE html><html><head><meta charset='UTF-8' />"
    b'<link\n      rel="preload"\n      href="./static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2"'
    b'\n      as="font"\n      crossorigin\n    />'
    b"<script type='module' src='./static/js/index.js'></script></head><body></body></html>"
)
JS = b"function f(){return 1}\n" * 2000


class Inner:
    """Stands in for Streamlit: index.html for pages, a script under /static/, 404 else."""

    def __init__(self):
        self.calls: list[tuple[str, list]] = []

    async def __call__(self, scope, receive, send):
        self.calls.append((scope["path"], list(scope.get("headers", []))))
        path = scope["path"]
        if "/static/js/" in path or "/app/static/" in path:
            status, ctype, body = 200, b"application/javascript", JS
        elif "_stcore" in path or "." in path.rsplit("/", 1)[-1]:
            status, ctype, body = 404, b"text/plain", b"not found"
        else:
            status, ctype, body = 200, b"text/html; charset=utf-8", INDEX
        headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
        if status == 200:
            headers.append((b"etag", b'"abc"'))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def get(app, path, method="GET", headers=((b"accept-encoding", b"gzip, br"),)):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_frontend_files_are_sent_compressed_and_compressed_once():
    inner = Inner()
    app = serving.LightStatic(inner)
    for _ in range(3):
        status, headers, body = get(app, "/static/js/index.DormvYxC.js")
        assert status == 200 and headers[b"content-encoding"] == b"gzip"
        assert gzip.decompress(body) == JS
        assert int(headers[b"content-length"]) == len(body) < len(JS) / 4
        assert headers[b"vary"] == b"Accept-Encoding"
    assert len(inner.calls) == 1, "compressed once, then served from memory"
    # Streamlit is asked for the plain file (its own gzip would compress per request).
    assert not any(k == b"accept-encoding" for k, _ in inner.calls[0][1])


def test_a_client_without_gzip_gets_the_plain_file():
    app = serving.LightStatic(Inner())
    status, headers, body = get(app, "/app/static/vendor/x.js", headers=())
    assert status == 200 and b"content-encoding" not in headers and body == JS


def test_head_range_and_revalidation_are_left_to_streamlit():
    inner = Inner()
    app = serving.LightStatic(inner)
    status, headers, body = get(app, "/static/js/a.js", method="HEAD")
    assert status == 200 and body == b"" and int(headers[b"content-length"]) > 0
    get(app, "/static/js/b.js", headers=((b"range", b"bytes=0-10"),))
    get(app, "/static/js/c.js", headers=((b"if-none-match", b'"abc"'),))
    assert [p for p, _ in inner.calls] == ["/static/js/a.js", "/static/js/b.js", "/static/js/c.js"]
    status, _, _ = get(app, "/_stcore/health")
    assert status == 404  # passed through untouched


def frontend_settings(html: str) -> dict:
    """The settings the page hands static/po_frontend.js (a <meta>, read before the frontend)."""
    meta = re.search(r'<meta name="po-frontend" content="([^"]*)">', html)
    assert meta, html
    assert '<script defer src="' in html[meta.end() :].split("</head>")[0]
    return json.loads(unescape(meta.group(1)))


def test_the_index_page_names_the_server_and_drops_the_text_font_preload():
    font = "system-ui, Arial, sans-serif"
    app = serving.LightStatic(Inner(), font=font)
    for path in ("/", "/penalties", "/profile"):
        status, headers, body = get(app, path)
        html = gzip.decompress(body).decode()
        assert status == 200 and b"etag" not in headers
        settings = frontend_settings(html)
        assert settings["base"] == "/" and settings["LIGHT_THEME"]["bodyFont"] == font
        assert '<script defer src="/app/static/po_frontend.js"></script>' in html
        assert "SourceSansVF" not in html
        # No inline script is added (the Content-Security-Policy allows only the exit's).
        assert "<script>" not in html
        # Nothing in <head> holds up parsing the body (the quick exit) until a file arrives:
        # every script file is deferred or a module.
        head = html.split("</head>")[0]
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head):
            assert re.search(r"""\sdefer\b|\stype=["']module["']""", tag), tag
        # The settings run before the frontend's module script (both deferred, in order).
        assert html.index("po_frontend.js") < html.index("<script type='module'")


def test_under_a_base_path_the_frontend_is_pointed_at_it():
    app = serving.LightStatic(Inner(), base_path="po-laws/")
    html = gzip.decompress(get(app, "/po-laws/penalties")[2]).decode()
    assert frontend_settings(html)["base"] == "/po-laws/"
    assert '<script defer src="/po-laws/app/static/po_frontend.js">' in html
    assert "SourceSansVF" in html  # no theme font given: the preload stays
    assert get(app, "/po-laws/static/js/x.js")[1][b"content-encoding"] == b"gzip"


def test_the_settings_file_sets_streamlits_backend_address():
    js = (paths.ROOT / "static" / "po_frontend.js").read_text()
    assert 'meta[name="po-frontend"]' in js and "BACKEND_BASE_URL" in js


def test_the_server_leaves_the_legacy_pages_folder_mode_before_any_session():
    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None
        serving.leave_pages_folder_mode()
        # A session's PagesManager keeps the flag it finds (dashboard.py has pages/ beside it).
        PagesManager(str(paths.ROOT / "dashboard.py"))
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = before


def test_serve_py_is_an_app_streamlit_recognises():
    found = discover_asgi_app(paths.ROOT / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"


class Leaving(Inner):
    """Stands in for Streamlit when the visitor goes away: the file stops half way."""

    async def __call__(self, scope, receive, send):
        self.calls.append((scope["path"], []))
        first = await receive()
        assert first["type"] == "http.request"
        headers = [(b"content-type", b"application/javascript"), (b"content-length", b"100")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"x" * 40, "more_body": True})


def test_a_cut_off_file_is_never_kept():
    inner = Leaving()
    app = serving.LightStatic(inner)
    status, _, body = get(app, "/static/js/index.js")
    assert status == 503 and b"x" not in body
    get(app, "/static/js/index.js")
    assert len(inner.calls) == 2, "asked again: nothing was kept"


def _frame(kind: str) -> dict:
    msg = ForwardMsg()
    if kind == "delta":
        msg.delta.new_element.markdown.body = "text"
    elif kind == "script_finished":
        msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    else:
        msg.session_status_changed.run_on_save = False
    return {"type": "websocket.send", "bytes": msg.SerializeToString()}


def _run_stream(frames: list[tuple[float, str]], path: str = "/_stcore/stream"):
    """What OneBurst lets through, and when: [(seconds after start, kind), ...]."""
    seen: list[tuple[float, str]] = []

    async def app(scope, receive, send):
        for pause, kind in frames:
            await asyncio.sleep(pause)
            await send(_frame(kind))

    async def main():
        loop = asyncio.get_running_loop()
        t0 = loop.time()

        async def send(message):
            seen.append((loop.time() - t0, serving.message_kind(message["bytes"])))

        await serving.OneBurst(app)({"type": "websocket", "path": path}, None, send)
        await asyncio.sleep(serving.OneBurst.HOLD + 0.1)

    asyncio.run(main())
    return seen


def test_a_run_s_elements_reach_the_browser_together_when_it_finishes():
    seen = _run_stream(
        [(0, "status"), (0, "delta"), (0.03, "delta"), (0.03, "delta"), (0.01, "script_finished")]
    )
    assert [k for _, k in seen] == [
        "session_status_changed",
        "delta",
        "delta",
        "delta",
        "script_finished",
    ]
    # The status went at once; the three elements and the end of the run together, at the end.
    assert seen[0][0] < 0.02
    assert all(t >= 0.07 for t, _ in seen[1:]) and seen[-1][0] - seen[1][0] < 0.02


def test_a_slow_run_still_shows_its_elements_after_the_hold():
    seen = _run_stream([(0, "delta"), (serving.OneBurst.HOLD + 0.1, "script_finished")])
    first = next(t for t, k in seen if k == "delta")
    assert serving.OneBurst.HOLD - 0.02 <= first < serving.OneBurst.HOLD + 0.08
    assert [k for _, k in seen] == ["delta", "script_finished"]


def test_other_paths_are_not_held():
    seen = _run_stream([(0, "delta"), (0.1, "script_finished")], path="/other")
    assert seen[0][0] < 0.05


def test_every_connection_the_server_accepts_sends_at_once():
    """Nagle's algorithm off (TCP_NODELAY) on connections accepted from a listening socket
    bound as Streamlit binds it, socket.socket(family): proto 0, which asyncio's own switch
    skips, so each response on a kept-alive connection waited for a delayed ACK (40 ms)."""
    assert serving.tcp_nodelay()

    async def accept_one() -> list[int]:
        listener = socket.socket(socket.AF_INET)
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        seen: list[int] = []

        async def handle(reader, writer):
            sock = writer.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=listener)
        reader, writer = await asyncio.open_connection(*listener.getsockname())
        await reader.read()
        writer.close()
        server.close()
        await server.wait_closed()
        return seen

    assert [bool(v) for v in asyncio.run(accept_one())] == [True]
