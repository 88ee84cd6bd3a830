"""Behind the documented proxy set-up (nginx in front of 2 Streamlit processes,
analysis/tools/scaleout.py): safety headers on every response, large files whole for slow
clients, and a page with the quick exit when no backend answers."""

from __future__ import annotations

import http.client
import re
import socket
import time
from pathlib import Path

import pytest
import streamlit
from playwright.sync_api import expect

from analysis.core import safety
from analysis.tools import browser, scaleout
from tests.browser.conftest import answer_exit_site, assert_left_cleanly, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture()
def cluster():
    c = scaleout.start_cluster(2)
    yield c
    c.stop()


def header_counts(response) -> dict[str, int]:
    counts: dict[str, int] = {}
    for h in response.headers_array():
        counts[h["name"].lower()] = counts.get(h["name"].lower(), 0) + 1
    return counts


def test_every_response_through_nginx_carries_each_safety_header_once(page, cluster):
    responses = []
    page.on("response", lambda r: responses.append(r))
    for path in ("", "profile?state=MS", "explore", "no/such/page"):
        page.goto(f"{cluster.url}/{path}")
        if path != "no/such/page":
            wait_ready(page)
    mine = [r for r in responses if r.url.startswith(cluster.url)]
    assert len(mine) > 20
    for r in mine:
        counts = header_counts(r)
        headers = r.all_headers()
        for name, value in safety.HEADERS.items():
            assert counts.get(name.lower()) == 1, f"{r.url}: {name} x{counts.get(name.lower())}"
            assert headers[name.lower()] == value
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def largest_static_script() -> str:
    """The path of the largest script Streamlit serves (its plotly chunk, ~4.7 MB)."""
    streamlit_js = Path(streamlit.__file__).parent / "static" / "static" / "js"
    biggest = max(streamlit_js.glob("*.js"), key=lambda p: p.stat().st_size)
    assert biggest.stat().st_size > 2_000_000
    return f"/static/js/{biggest.name}"


def test_a_slow_client_gets_a_large_file_whole(cluster):
    path = largest_static_script()
    host, port = cluster.url.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a slow, small-window client
    sock.connect((host, int(port)))
    conn = http.client.HTTPConnection(host, int(port))
    conn.sock = sock
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    assert response.status == 200
    expected = int(response.getheader("Content-Length"))
    first = response.read(16 * 1024)
    # Wait until nginx has had to buffer the rest on disk for us (it says so in its log),
    # or has failed to; only then read on.
    log = cluster.tmp / "error.log"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if "buffered to a temporary file" in text or "failed (13" in text:
            break
        time.sleep(0.1)
    body = first + response.read()
    conn.close()
    assert len(body) == expected, f"got {len(body)} of {expected} bytes"
    text = log.read_text(errors="replace")
    assert "buffered to a temporary file" in text  # the slow path was taken ...
    assert not re.search(r"\[(crit|alert|emerg)\]|Permission denied", text), text  # ... whole


def test_with_every_backend_gone_nginx_sends_a_page_with_the_quick_exit(page, cluster):
    for proc, _ in cluster.backends:
        browser.stop_server(proc)
    seen = answer_exit_site(page)
    response = page.goto(f"{cluster.url}/profile?state=MS")
    assert response.status == 502
    for name, value in safety.HEADERS.items():
        assert response.all_headers()[name.lower()] == value
    expect(page.get_by_role("heading", level=1)).to_have_text("The dashboard is not available")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "po-quick-exit"
    page.keyboard.press("Enter")
    assert_left_cleanly(page, seen)
