"""A bounded load test on localhost: N browser sessions interacting at once for T seconds.

Each session opens pages (with query parameters), waits until Streamlit has finished the
script, and changes a selection on the overview, timing each interaction. Errors: page
errors, requests to third-party hosts, Streamlit exception boxes, the app's own error
message, timeouts. Reports latency p50/p95 and server memory before and after.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

from playwright.async_api import async_playwright

from analysis.tools import browser, scaleout
from analysis.tools.bench import pct

PATHS = (
    "",
    "?view=tiles",
    "profile?state=MS",
    "profile?state=TX",
    "compare?states=MS,AL,TN",
    "duration",
    "penalties",
    "transmission",
    "explore",
    "methods",
    "view_3d",
)
ERROR_SELECTOR = '[data-testid="stException"]'
APP_ERROR_TEXT = "Something went wrong while drawing this page"


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    interactions: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    backends: int = 1
    url: str = ""

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)

        return {
            "sessions": self.sessions,
            "seconds": self.seconds,
            "backends": self.backends,
            "interactions": self.interactions,
            "errors": len(self.errors),
            "error_samples": self.errors[:5],
            "latency_p50_ms": round(statistics.median(lat), 1) if lat else None,
            "latency_p95_ms": round(pct(lat, 0.95), 1) if lat else None,
            "server_rss_before_mb": round(self.rss_before_mb, 1),
            "server_rss_after_mb": round(self.rss_after_mb, 1),
        }


async def _ready(page, timeout: float = 30_000) -> None:
    await page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    await page.wait_for_selector("#po-quick-exit", state="attached", timeout=timeout)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


async def _session(b, base: str, deadline: float, result: LoadResult, seed: int) -> None:
    rnd = random.Random(seed)
    ctx = await b.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    external: list[str] = []

    async def route(r):
        if r.request.url.startswith(browser.LOCAL_PREFIXES):
            await r.continue_()
        else:
            external.append(r.request.url)
            await r.abort()

    await page.route("**/*", route)
    page.on("pageerror", lambda e: result.errors.append(f"pageerror: {e}"))
    try:
        while time.monotonic() < deadline:
            path = rnd.choice(PATHS)
            t = time.perf_counter()
            try:
                await page.goto(f"{base}/{path}")
                await _ready(page)
                result.latencies_ms.append((time.perf_counter() - t) * 1000)
                result.interactions += 1
                if path in ("", "?view=tiles"):
                    # Change a selection: switch the overview between map and tiles.
                    label = "Tile grid" if path == "" else "Map"
                    t = time.perf_counter()
                    # The overview's view choice is a radio group (pages/overview.py).
                    await page.get_by_text(label, exact=True).first.click()
                    await page.wait_for_timeout(50)
                    await _ready(page)
                    result.latencies_ms.append((time.perf_counter() - t) * 1000)
                    result.interactions += 1
                if await page.locator(ERROR_SELECTOR).count():
                    result.errors.append(f"exception box on /{path}")
                if APP_ERROR_TEXT in await page.inner_text("body"):
                    result.errors.append(f"app error on /{path}")
            except Exception as exc:  # noqa: BLE001 - every failure is a counted error
                result.errors.append(f"{type(exc).__name__} on /{path}: {str(exc)[:120]}")
    finally:
        if external:
            result.errors.append(f"{len(external)} third-party requests: {external[:2]}")
        await ctx.close()


async def _run(base: str, sessions: int, seconds: float, result: LoadResult) -> None:

    exe = browser.chromium_path()
    if exe is None:
        raise RuntimeError("Chromium not found")
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*[_session(b, base, deadline, result, i) for i in range(sessions)])
        await b.close()


def run(sessions: int = 10, seconds: float = 30, backends: int = 1) -> LoadResult:
    """Start the app (behind nginx if backends > 1), load it, stop it; returns the result."""
    result = LoadResult(sessions, seconds, backends=backends)
    if backends > 1:
        cluster = scaleout.start_cluster(backends)
        pids, base, stop = cluster.pids(), cluster.url, cluster.stop
    else:
        proc, base = browser.start_server()
        pids, stop = [proc.pid], (lambda: browser.stop_server(proc))
    result.url = base
    try:
        result.rss_before_mb = sum(browser.process_rss_mb(p) for p in pids)
        # Its own thread and event loop: the caller may already run one (pytest-playwright).
        failure: list[BaseException] = []

        def target() -> None:
            try:
                asyncio.run(_run(base, sessions, seconds, result))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
                failure.append(exc)

        worker = threading.Thread(target=target, name="loadtest")
        worker.start()
        worker.join()
        if failure:
            raise failure[0]
        result.rss_after_mb = sum(browser.process_rss_mb(p) for p in pids)
    finally:
        stop()
    return result
