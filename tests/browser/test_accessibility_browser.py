"""Accessibility in the browser: axe-core on every page, in the light and the dark scheme.

axe-core runs offline (the PyPI package axe-playwright-python carries it) on each page
once it has drawn; no violation of impact "serious" or "critical" is allowed, Streamlit's
own markup included. Headings must go down one level at a time from a single h1.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import draw_charts, guard_page, wait_ready

pytestmark = pytest.mark.browser

PAGES = (
    "",
    "duration",
    "penalties",
    "transmission",
    "explore",
    "profile",
    "compare",
    "view_3d",
    "view_3d?view=interactive",  # the WebGL deck, drawn on request
    "export",
    "methods",
)
AXE = Axe()

# Streamlit fades elements in (and out while a rerun replaces them): axe must not judge a
# colour half-way through a transition. Finite animations only (a spinner never ends).
SETTLED = """() => document.getAnimations().every(a => a.playState !== 'running'
  || (a.effect && a.effect.getTiming().iterations === Infinity))"""

HEADINGS = """() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
  .filter(h => h.offsetParent !== null && h.textContent.trim())
  .map(h => +h.tagName[1])"""


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, browser):
    """A guarded page (external requests and page errors recorded) in the light or the
    dark colour scheme: a test that takes it runs in both."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, color_scheme=request.param
    )
    page = context.new_page()
    guard_page(page)
    yield page
    context.close()


def serious_violations(page) -> list[tuple]:
    page.wait_for_function(SETTLED, timeout=30_000)
    result = AXE.run(page).response
    return [
        (v["id"], len(v["nodes"]), v["nodes"][0]["target"])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def confirmed_violations(page) -> list[tuple]:
    """The serious and critical violations a second look confirms: under -n 2 an element
    can still be fading in when the first run reads its colour."""
    bad = serious_violations(page)
    return [v for v in serious_violations(page) if v in bad] if bad else []


def test_every_page_has_no_serious_axe_violation(scheme_page, server):
    page = scheme_page
    found = {}
    for path in PAGES:
        page.goto(f"{server}/{path}")
        wait_ready(page)
        expect(page.locator("h1").first).to_be_visible(timeout=60_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000
        )
        bad = confirmed_violations(page)
        if bad:
            found[path or "overview"] = bad
        levels = page.evaluate(HEADINGS)
        assert levels and levels[0] == 1 and levels.count(1) == 1, (path, levels)
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (
            path,
            levels,
        )
    assert found == {}, found
    assert page.external == [] and page.errors == []


def test_explore_s_data_grid_opened_has_no_serious_axe_violation(scheme_page, server):
    page = scheme_page
    page.goto(f"{server}/explore?fees_waived=yes")
    wait_ready(page)
    page.get_by_text("a grid to sort, search and pick a row from").click()
    expect(page.locator('[data-testid="stDataFrame"] canvas').first).to_be_visible()
    wait_ready(page)
    assert confirmed_violations(page) == []
    assert page.external == [] and page.errors == []


# Contrast of each chart's small print (source line, legend, values, block codes) against
# what is behind it: the page, or the block's own colour. Opacity is taken into account.
SMALL_PRINT = """() => {
  const rgb = (c) => (/rgba?\\(([^)]+)\\)/.exec(c) || [0, "0,0,0"])[1].split(",").map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const page = rgb(getComputedStyle(document.querySelector(".stApp")).backgroundColor);
  const over = (fg, a, base) => fg.map((v, i) => v * a + base[i] * (1 - a));
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (h + 0.05) / (l + 0.05); };
  const alpha = (e) => { let a = 1; for (let p = e; p; p = p.parentElement)
    a *= parseFloat(getComputedStyle(p).opacity || "1"); return a; };
  const out = [];
  const sel = ".po-bars .po-chart-source, .po-bars .po-map-legend li, .po-bars .po-hbar-value, " +
              ".po-bars .po-hbar-label, .po-bars .po-units-label, .po-bars .po-unit";
  for (const t of document.querySelectorAll(sel)) {
    const cs = getComputedStyle(t);
    const own = rgb(cs.backgroundColor);
    const base = t.classList.contains("po-unit") ? own : page;
    const c = rgb(cs.color);
    const a = (c.length > 3 ? c[3] : 1) * alpha(t);
    out.push([t.textContent.trim().slice(0, 40), ratio(over(c.slice(0, 3), a, base), base)]);
  }
  return out;
}"""


def test_chart_small_print_and_legends_read_in_both_schemes(scheme_page, server):
    """The source line under every chart, "Not stated" beside the severity bars, the
    legends, the row labels and every block's code on its colour: at least 4.5:1 in both
    schemes (the drawing is hidden from assistive technology behind its text, so this
    checks it directly as well as through axe-core)."""
    page = scheme_page
    page.goto(f"{server}/penalties?w_violation_max_jail_days=1")
    wait_ready(page)
    draw_charts(page, 5)  # every chart of the page, the severity index's included
    texts = page.evaluate(SMALL_PRINT)
    assert any(t.startswith("Source:") for t, _ in texts), texts
    assert any(t == "Not stated" for t, _ in texts), texts
    assert any("components" in t for t, _ in texts), texts  # the severity legend
    low = [(t, round(r, 2)) for t, r in texts if r < 4.5]
    assert low == [], low


def test_the_app_s_own_navigation_is_a_list_of_links_marking_the_current_page(page, server):
    page.goto(f"{server}/transmission")
    wait_ready(page)
    nav = page.get_by_role("navigation", name="Pages")
    expect(nav).to_be_visible()
    links = nav.get_by_role("link")
    expect(links).to_have_count(10)
    current = nav.locator('a[aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_text("Transmission")
    # A plain link: it opens the page (replacing this one in history, as the safety layer
    # does for every link of the site), with the quick exit still there.
    nav.get_by_role("link", name="Penalties").click()
    expect(page).to_have_url(f"{server}/penalties")
    wait_ready(page)
    expect(
        page.get_by_role("navigation", name="Pages").locator('a[aria-current="page"]')
    ).to_have_text("Penalties")
    expect(page.locator("#po-quick-exit")).to_be_visible()
