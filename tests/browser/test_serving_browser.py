"""Deep links on a fresh server (serve.py): one script run, no 404s, no console errors;
Streamlit's frontend files arrive compressed."""

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from analysis.tools import capacity
from tests.browser.conftest import guard_page, start_server, stop_server, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture()
def fresh_server():
    proc, base = start_server()
    yield base
    stop_server(proc)


def warm(base: str, paths: tuple[str, ...]):
    """capacity.warm in a thread of its own: it runs its own event loop (asyncio.run), which
    cannot start in a thread where Playwright's sync API (another test's browser) has one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(capacity.warm, base, paths).result()


def test_a_deep_link_to_a_fresh_server_runs_the_page_once(fresh_server):
    # The very first session of the server opens a topic page directly.
    first = warm(fresh_server, ("penalties",))[0]
    assert first.error == "" and first.runs == 1
    again = warm(fresh_server, ("profile?state=TX", ""))
    assert [x.runs for x in again] == [1, 1]


def test_a_deep_link_loads_without_404s_or_console_errors(fresh_server, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    guard_page(page)
    console, failed = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        for path in ("transmission?transmission_deadline=immediate", "profile?state=MS", ""):
            page.goto(f"{fresh_server}/{path}")
            wait_ready(page)
            page.wait_for_selector(".po-chart[data-drawn=true], .po-map, h1", timeout=30_000)
        assert failed == [] and console == [], (failed, console)
        assert page.errors == [] and page.external == []
    finally:
        ctx.close()


def test_streamlit_frontend_files_arrive_compressed(fresh_server):
    html = urllib.request.urlopen(fresh_server + "/").read().decode()
    script = html.split('src="./static/js/', 1)[1].split('"', 1)[0]
    req = urllib.request.Request(
        f"{fresh_server}/static/js/{script}", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Encoding"] == "gzip"
