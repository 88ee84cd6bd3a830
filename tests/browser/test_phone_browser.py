"""Every page on a phone (390 x 844, a phone browser's User-Agent): nothing wider than the
screen, charts drawn inside their boxes, the overview map across the width with its legend
below, tables that keep their first column, hotlines a tap dials, the quick exit clear of
the sidebar button. Screenshots go to test-artifacts/phone/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, draw_charts, guard_page, wait_ready

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
}
ARTIFACTS = ROOT / "test-artifacts" / "phone"
PAGES = {
    "": 0,
    "duration": 4,
    "penalties": 5,
    "transmission": 2,
    "explore": 0,
    "profile?state=MS": 0,
    "compare?states=MS,AL": 0,
    "view_3d": 0,
    "export": 0,
    "methods": 0,
}

# What sticks out past the screen's right edge, outside any box that scrolls or clips it.
WIDE = """() => {
  const out = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= innerWidth + 1) continue;
    let held = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === "auto" || o === "scroll" || o === "hidden") &&
          p.getBoundingClientRect().right <= innerWidth + 1) { held = true; break; }
    }
    if (!held) out.push(el.tagName + " " + (el.textContent || "").trim().slice(0, 30));
  }
  return out.slice(0, 5);
}"""

# Every visible text of every chart (its drawing, labels, legend) not inside the chart's box.
OUTSIDE = """() => {
  const out = [];
  for (const c of document.querySelectorAll(".po-chart, .po-map, .po-bars")) {
    const box = c.getBoundingClientRect();
    const texts = c.querySelectorAll(
      "svg text, .po-unit, .po-units-label, .po-hbar-label, .po-hbar-value, li, p");
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim() || getComputedStyle(t).opacity === "0") continue;
      if (t.closest("[visibility=hidden], .hovertext, .hoverlayer, .po-map-alt")) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1)
        out.push(t.textContent.slice(0, 30) + " " + Math.round(r.left) + "-" + Math.round(r.right));
    }
  }
  return out;
}"""


@pytest.fixture()
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    guard_page(page)
    yield page
    errors, external = page.errors, page.external
    context.close()
    assert errors == [] and external == []


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_fits_a_phone_screen(phone, server, path):
    phone.goto(f"{server}/{path}")
    wait_ready(phone)
    expect(phone.locator("h1").first).to_be_visible(timeout=60_000)
    if PAGES[path]:
        draw_charts(phone, PAGES[path])
    name = path.split("?")[0] or "overview"
    shot(phone, name)
    assert phone.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert phone.evaluate(WIDE) == []
    assert phone.evaluate(OUTSIDE) == []
    # Tables (the app's plain ones) keep their first column on the screen.
    firsts = phone.evaluate(
        """() => Array.from(document.querySelectorAll("table.po-table th:first-child"))
          .filter(th => th.getBoundingClientRect().width)
          .map(th => [th.getBoundingClientRect().left, th.getBoundingClientRect().right])"""
    )
    assert all(left >= 0 and right <= 390 for left, right in firsts), firsts
    # The quick exit and the button that opens the sidebar do not overlap.
    exit_box = phone.locator("#po-quick-exit").bounding_box()
    toggle = phone.locator('[data-testid="stExpandSidebarButton"]')
    expect(toggle).to_be_visible()
    t = toggle.bounding_box()
    assert exit_box["x"] >= t["x"] + t["width"] + 8 or exit_box["y"] >= t["y"] + t["height"]


def test_the_overview_map_spans_the_phone_with_its_legend_below(phone, server):
    phone.goto(f"{server}/")
    wait_ready(phone)
    geo = phone.locator(".po-map svg").bounding_box()
    legend = phone.locator(".po-map .po-map-legend").bounding_box()
    assert geo["width"] >= 0.85 * 390, geo
    assert legend["y"] >= geo["y"] + geo["height"] - 2, (geo, legend)
    # Title and source line as text above and below the drawing, wrapping on the screen.
    expect(phone.locator(".po-map .po-chart-title")).to_contain_text("Maximum term of a final")
    expect(phone.locator(".po-map .po-chart-source").first).to_contain_text("Source:")
    # Every legend entry on the screen, none cut off.
    for box in phone.locator(".po-map-legend li").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])"
    ):
        assert box[0] >= 0 and box[1] <= 390, box
    shot(phone, "overview-map")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_wide_table_scrolls_in_its_box_keeping_states_and_headers(browser, server, scheme):
    context = browser.new_context(**PHONE, color_scheme=scheme)
    page = context.new_page()
    guard_page(page)
    page.goto(f"{server}/penalties")
    wait_ready(page)
    box = page.get_by_role("region", name="Every jurisdiction's penalty values and the cell")
    expect(box).to_be_visible(timeout=30_000)
    # Its title sits above the box, inside the screen, not across the table's full width.
    title = page.locator(".po-table-title", has_text="Every jurisdiction's penalty values")
    t = title.bounding_box()
    assert t["x"] >= 0 and t["x"] + t["width"] <= 390, t
    box.scroll_into_view_if_needed()
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # wider than the phone
    box.evaluate("e => { e.scrollLeft = 500; e.scrollTop = 400; }")
    left = box.bounding_box()["x"]
    held = box.evaluate(
        """e => {
      const app = getComputedStyle(document.querySelector('.stApp')).backgroundColor;
      const r = e.getBoundingClientRect();
      const first = Array.from(e.querySelectorAll('tbody tr > :first-child'))
        .find(c => c.getBoundingClientRect().top >= r.top + 80);
      const head = e.querySelector('thead th:nth-child(4)');
      return {app, state: first.textContent, left: first.getBoundingClientRect().left,
              stateBg: getComputedStyle(first).backgroundColor,
              headTop: head.getBoundingClientRect().top - r.top,
              headBg: getComputedStyle(head).backgroundColor};
    }"""
    )
    # Scrolled right and down, the state names and the header row stay in view, on the
    # page's own background (in light and dark), so nothing shows through them.
    assert abs(held["left"] - left) <= 1 and held["state"] not in ("", "Alabama"), held
    assert abs(held["headTop"]) <= 1, held
    assert held["stateBg"] == held["app"] == held["headBg"], held
    page.screenshot(path=str(ARTIFACTS / f"penalties-table-scrolled-{scheme}.png"))
    errors, external = page.errors, page.external
    context.close()
    assert errors == [] and external == []


def test_hotline_numbers_are_links_a_phone_dials(phone, server):
    phone.goto(f"{server}/methods")
    wait_ready(phone)
    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    hotline = phone.get_by_role("link", name="1-800-799-SAFE (7233)")
    expect(hotline).to_be_visible()
    expect(hotline).to_have_attribute("href", "tel:+18007997233")
    expect(phone.get_by_role("link", name="1-800-903-0111")).to_have_attribute(
        "href", "tel:+18009030111"
    )
    nav = phone.get_by_role("navigation", name="Pages")
    expect(nav.locator('a[aria-current="page"]')).to_have_text("Methods & sources")
    shot(phone, "sidebar")


def test_the_3d_view_fills_the_phone_width(phone, server):
    phone.goto(f"{server}/view_3d")
    wait_ready(phone)
    # The still picture (the default): the whole country across the screen.
    picture = phone.get_by_role("img", name="jurisdictions state a maximum term")
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    assert box["width"] >= 0.85 * 390 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    picture.screenshot(path=str(ARTIFACTS / "view_3d-picture.png"))
    # The interactive deck, on request.
    phone.goto(f"{server}/view_3d?view=interactive")
    wait_ready(phone)
    deck = phone.locator('[data-testid="stDeckGlJsonChart"]')
    deck.scroll_into_view_if_needed()
    canvas = deck.locator("canvas").first
    expect(canvas).to_be_visible(timeout=30_000)
    assert canvas.bounding_box()["width"] >= 0.85 * 390
    # Framed for the phone (deck.PHONE_ZOOM, from the phone's User-Agent): the screenshot
    # shows the whole country.
    deck.screenshot(path=str(ARTIFACTS / "view_3d-deck.png"))
