"""Browser tests: a real Streamlit server on localhost, driven by Debian's Chromium.

Every request that is not to localhost is aborted and recorded; a test fails if any was
made (tests that expect one, such as quick exit, say so with `page.allow_external`).
Screenshots go to test-artifacts/screenshots/. The launching and guarding code is shared
with the benchmark and the load test (analysis/browser.py).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis.core import safety
from analysis.tools.browser import (  # noqa: F401 - re-exported for the browser tests
    CHROMIUM_FLAGS,
    LOCAL_PREFIXES,
    chromium_path,
    free_port,
    guard_page,
    start_server,
    stop_server,
    wait_ready,
    wait_stable,
)

# The pages' maps are inline SVG drawn by the server (analysis/figures/svgmap): one link per
# jurisdiction, its shape inside.
MAP = ".po-map"
MAP_STATES = ".po-map a[data-code]"
MAP_SHAPES = ".po-map a[data-code] .po-map-shape"

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"

# Under `pytest -n 2` two browsers and two servers share two cores: an element can take
# longer than Playwright's 5 s default to appear. Waits are conditions, so a longer limit
# costs nothing when the page is quick.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def server():
    proc, base = start_server()
    yield base
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.fail("Chromium not found: run scripts/setup.sh (Debian package 'chromium')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    guard_page(pg)
    yield pg
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(Exception):  # a closed page has nothing to show
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    external, errors, allowed = pg.external, pg.errors, pg.allow_external
    context.close()
    if not allowed:
        assert external == [], f"requests to third-party hosts: {external[:5]}"
    assert errors == [], f"page errors: {errors[:5]}"


def open_page(page, base: str, path: str = "") -> None:
    page.goto(f"{base}/{path.lstrip('/')}")
    wait_ready(page)


CHART = ".po-bars"  # a bar or unit chart drawn on the server (analysis/figures/htmlbars.py)


def draw_charts(page, n: int, timeout: float = 30_000) -> None:
    """Wait for `n` bar charts on the page (set by the inline figure component), bring each
    into view as a reader scrolling down would, and wait until none moves."""
    page.wait_for_function(
        f"() => document.querySelectorAll('{CHART}').length >= {n}", timeout=timeout
    )
    charts = page.locator(CHART)
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
    wait_stable(page, CHART, n, timeout)
    next_frames(page)


def wait_map_drawn(page, count: int = 51, timeout: float = 30_000) -> None:
    """Wait until the map's states are drawn and laid out (ready for hover and click)."""
    wait_stable(page, MAP_STATES, count, timeout)


def next_frames(page) -> None:
    """Wait until the browser has drawn two more frames (after a pointer move)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def largest_state_centre(page, skip_fill: str | None = None) -> tuple[float, float]:
    """Centre (x, y) of the largest state drawn on the page's map (states filled with
    `skip_fill`, e.g. the grey of "not stated", are passed over)."""
    paths = page.locator(MAP_SHAPES)
    biggest, area = None, 0.0
    for i in range(paths.count()):
        p = paths.nth(i)
        if skip_fill and p.evaluate("e => getComputedStyle(e).fill") == skip_fill:
            continue
        bb = p.bounding_box()
        if bb and bb["width"] * bb["height"] > area:
            biggest, area = bb, bb["width"] * bb["height"]
    assert biggest is not None, "no state drawn on the map"
    return biggest["x"] + biggest["width"] / 2, biggest["y"] + biggest["height"] / 2


EXIT = safety.EXIT_URL
WEATHER = "<!DOCTYPE html><title>Weather</title><p>Sunny.</p>"


def answer_exit_site(page) -> list[dict]:
    """Serve the exit site from the test; return the list its requests are recorded in."""
    seen: list[dict] = []

    def handle(route):
        seen.append({"url": route.request.url, "headers": route.request.all_headers()})
        route.fulfill(status=200, content_type="text/html", body=WEATHER)

    page.route(EXIT.rstrip("/") + "/**", handle)
    page.route(EXIT, handle)
    return seen


def assert_left_cleanly(page, seen: list[dict]) -> None:
    """On the exit page, which received no Referer and no query from this site."""
    expect(page).to_have_title("Weather", timeout=15_000)
    assert page.url == EXIT
    assert seen, "the exit site was never requested"
    for req in seen:
        assert req["url"] == EXIT, f"the exit request carried more than the exit URL: {req['url']}"
        assert "referer" not in {k.lower() for k in req["headers"]}, req["headers"]
