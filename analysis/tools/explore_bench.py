"""Benchmark (d): on Explore, toggle a filter and time until the match map is redrawn."""

from __future__ import annotations

import time

from analysis.facts import load
from analysis.tools import browser

LEGEND_JS = """(label) => [...document.querySelectorAll('.legend .legendtext')]
                .some(e => e.textContent === label)"""


def measure(b, url: str, rounds: int) -> list[float]:
    """Milliseconds from clicking the "State-level registry: Yes" pill to the new legend."""
    df = load.load_dataset()
    with_registry = int(df.statewide_registry.sum())
    ctx = b.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    browser.guard_page(page)
    page.goto(f"{url}/explore")
    browser.wait_ready(page)
    page.wait_for_function(LEGEND_JS, arg="Matches (51)", timeout=30_000)
    page.get_by_text("Fees, transmission, civil liability, statute").click()
    pills = page.get_by_role("toolbar", name="State-level registry")
    out = []
    expected = with_registry
    for _ in range(rounds * 2):
        t = time.perf_counter()
        pills.get_by_role("button", name="Yes").click()  # toggles the filter on and off
        page.wait_for_function(LEGEND_JS, arg=f"Matches ({expected})", timeout=30_000, polling=5)
        out.append((time.perf_counter() - t) * 1000)
        expected = 51 if expected == with_registry else with_registry
        page.wait_for_timeout(150)
    if page.external:
        raise RuntimeError(f"third-party requests during the benchmark: {page.external[:3]}")
    ctx.close()
    return out
