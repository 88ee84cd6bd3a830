"""Links that hold the current view, on every page.

Each page's widgets are changed one after another, as a visitor would; after each change
the address bar must already describe what is on screen (not the previous state). The
last link is then opened in a fresh browser (a new context: no cookies, no session) and
the view must come back exactly.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import guard_page, open_page, wait_ready

pytestmark = pytest.mark.browser


def query(page) -> dict[str, str]:
    """The address bar's query, as the browser has it now."""
    url = page.evaluate("() => window.location.href")
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def expect_query(page, wanted: dict[str, str | None]) -> None:
    """Wait until the address bar holds these parameters (None: absent)."""
    for key, value in wanted.items():
        if value is None:
            expect(page).not_to_have_url(re.compile(rf"[?&]{re.escape(key)}="))
        else:
            pattern = rf"[?&]{re.escape(key)}={re.escape(value).replace('%2C', ',')}(&|$)"
            expect(page).to_have_url(re.compile(pattern.replace(",", "(,|%2C)")))
    wait_ready(page)
    got = query(page)
    for key, value in wanted.items():
        assert got.get(key) == value, (key, got)


def pick(page, testid: str, label: str, option: str) -> None:
    """Choose an option in a selectbox or multiselect found by its label."""
    box = page.locator(f'[data-testid="{testid}"]').filter(has_text=label).first
    box.scroll_into_view_if_needed()
    box.locator("input").first.click()
    page.keyboard.type(option.split(" (")[0])  # the list is long: narrow it as people do
    page.get_by_role("option", name=re.compile("^" + re.escape(option))).first.click()
    page.keyboard.press("Tab")  # leave the list; never Escape (the exit must not fire)


def fresh(browser, url: str):
    """The link opened in a new browser context, as a colleague would open it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    guard_page(page)
    page.goto(url)
    wait_ready(page)
    return context, page


def selected(page, testid: str, label: str) -> str:
    """What a selectbox shows (its input's value) or a multiselect's chosen tags."""
    box = page.locator(f'[data-testid="{testid}"]').filter(has_text=label).first
    box.wait_for()
    if testid == "stSelectbox":
        return box.locator("input").first.input_value()
    return box.inner_text()


def test_overview_view_toggle(page, server, browser):
    open_page(page, server, "")
    page.get_by_text("Tile grid", exact=True).click()
    expect_query(page, {"view": "tiles"})
    page.get_by_text("Map", exact=True).click()
    expect_query(page, {"view": None})
    page.get_by_text("Tile grid", exact=True).click()
    expect_query(page, {"view": "tiles"})
    context, other = fresh(browser, page.url)
    other.get_by_text("Tile grid").first.wait_for()
    expect(other.locator(".po-map-tiles")).to_have_count(1)
    expect(other.locator(".st-key-overview_tiles")).to_have_count(1)
    context.close()


def test_duration_highlight(page, server, browser):
    open_page(page, server, "duration")
    pick(page, "stSelectbox", "Highlight a jurisdiction", "Tennessee (TN)")
    expect_query(page, {"state": "TN"})
    pick(page, "stSelectbox", "Highlight a jurisdiction", "Ohio (OH)")
    expect_query(page, {"state": "OH"})
    context, other = fresh(browser, page.url)
    assert "Ohio (OH)" in selected(other, "stSelectbox", "Highlight a jurisdiction")
    context.close()


def test_penalties_highlight_weights_and_missing(page, server, browser):
    open_page(page, server, "penalties")
    pick(page, "stSelectbox", "Highlight a jurisdiction", "Tennessee (TN)")
    expect_query(page, {"state": "TN"})
    thumb = page.locator('[data-testid="stSlider"]').filter(has_text="Maximum jail").first
    thumb.get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    expect_query(page, {"state": "TN", "w_violation_max_jail_days": "2"})
    page.get_by_text("Count it as 0 (least severe)").click()
    expect_query(page, {"state": "TN", "w_violation_max_jail_days": "2", "missing": "zero"})
    context, other = fresh(browser, page.url)
    assert "Tennessee (TN)" in selected(other, "stSelectbox", "Highlight a jurisdiction")
    slider = other.locator('[data-testid="stSlider"]').filter(has_text="Maximum jail").first
    expect(slider.get_by_role("slider")).to_have_attribute("aria-valuetext", "2")
    expect(other.get_by_role("radio", name="Count it as 0 (least severe)")).to_be_checked()
    context.close()


def test_transmission_deadlines(page, server, browser):
    open_page(page, server, "transmission")
    pick(page, "stMultiSelect", "Show only", "Immediately")
    expect_query(page, {"transmission_deadline": "immediate"})
    pick(page, "stMultiSelect", "Show only", "Same day")
    expect_query(page, {"transmission_deadline": "immediate,same_day"})
    context, other = fresh(browser, page.url)
    text = selected(other, "stMultiSelect", "Show only")
    assert "Immediately" in text and "Same day" in text
    context.close()


def test_explore_filters_search_and_open_evidence(page, server, browser):
    open_page(page, server, "explore")
    page.get_by_text("Fees, transmission, civil liability, statute").click()
    page.get_by_role("toolbar", name="State-level registry").get_by_role(
        "button", name="Yes"
    ).click()
    expect_query(page, {"statewide_registry": "yes"})
    box = page.get_by_role("textbox", name="Search the source text")
    box.fill("court")
    box.press("Enter")
    expect_query(page, {"statewide_registry": "yes", "q": "court"})
    pick(page, "stSelectbox", "Show the evidence for", "Mississippi (MS)")
    expect_query(page, {"statewide_registry": "yes", "q": "court", "state": "MS"})
    page.get_by_role("heading", name="Mississippi: every value").wait_for()
    context, other = fresh(browser, page.url)
    other.get_by_role("heading", name="Mississippi: every value").wait_for(timeout=30_000)
    expect(other.get_by_role("textbox", name="Search the source text")).to_have_value("court")
    assert query(other) == query(page)
    context.close()


def test_profile_state(page, server, browser):
    open_page(page, server, "profile")
    pick(page, "stSelectbox", "Jurisdiction", "Alabama (AL)")
    expect_query(page, {"state": "AL"})
    page.get_by_role("heading", name="Alabama: protective orders").wait_for()
    context, other = fresh(browser, page.url)
    other.get_by_role("heading", name="Alabama: protective orders").wait_for()
    context.close()


def test_compare_states_and_differences(page, server, browser):
    open_page(page, server, "compare")
    pick(page, "stMultiSelect", "Jurisdictions", "Georgia (GA)")
    expect_query(page, {"states": "MS,AL,TN,GA"})
    page.get_by_text("Only differences").click()
    expect_query(page, {"states": "MS,AL,TN,GA", "only_differences": "true"})
    context, other = fresh(browser, page.url)
    assert "Georgia (GA)" in selected(other, "stMultiSelect", "Jurisdictions")
    expect(other.get_by_role("switch", name="Only differences")).to_be_checked()
    context.close()


def test_compare_from_a_shared_link_keeps_its_states_when_one_is_added(page, server, browser):
    open_page(page, server, "compare?states=MS,AL")
    pick(page, "stMultiSelect", "Jurisdictions", "Georgia (GA)")
    expect_query(page, {"states": "MS,AL,GA"})
    context, other = fresh(browser, page.url)
    chosen = selected(other, "stMultiSelect", "Jurisdictions")
    at = [chosen.index(n) for n in ("Mississippi (MS)", "Alabama (AL)", "Georgia (GA)")]
    assert at == sorted(at) and "Tennessee" not in chosen
    context.close()


def test_3d_view_field(page, server, browser):
    open_page(page, server, "view_3d")
    pick(page, "stSelectbox", "Colour the states by", "Fees: Fees waived")
    expect_query(page, {"field": "fees_waived"})
    context, other = fresh(browser, page.url)
    assert selected(other, "stSelectbox", "Colour the states by") == "Fees: Fees waived"
    context.close()


def test_export_states_topics_format(page, server, browser):
    open_page(page, server, "export")
    pick(page, "stMultiSelect", "Jurisdictions", "Ohio (OH)")
    expect_query(page, {"states": "OH"})
    page.get_by_text("HTML (self-contained)", exact=True).click()
    expect_query(page, {"states": "OH", "format": "html"})
    context, other = fresh(browser, page.url)
    assert "Ohio (OH)" in selected(other, "stMultiSelect", "Jurisdictions")
    context.close()


def test_methods_field(page, server, browser):
    open_page(page, server, "methods")
    pick(page, "stSelectbox", "Show the reviewed values for", "Fees waived")
    expect_query(page, {"field": "fees_waived"})
    context, other = fresh(browser, page.url)
    assert "Fees waived" in selected(other, "stSelectbox", "Show the reviewed values for")
    context.close()
