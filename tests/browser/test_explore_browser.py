"""Explore & filter and Compare in a real browser, offline."""

import re

import pytest
from playwright.sync_api import expect

from analysis.facts import load
from tests.browser.conftest import (
    MAP_STATES,
    largest_state_centre,
    open_page,
    wait_map_drawn,
    wait_ready,
    wait_stable,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def df():
    return load.load_dataset()


def legend(page) -> list[str]:
    return page.locator(".po-map-legend li").all_text_contents()


def wait_for_matches(page, n: int, timeout: float = 20_000) -> None:
    page.wait_for_function(
        """(label) => [...document.querySelectorAll('.po-map-legend li')]
                        .some(e => e.textContent === label)""",
        arg=f"Matches ({n})",
        timeout=timeout,
    )


def test_explore_opens_offline_with_the_match_map(page, server):
    open_page(page, server, "explore")
    expect(page.locator(MAP_STATES)).to_have_count(51)
    wait_for_matches(page, 51)
    assert "51 of 51 match" in page.locator("h2").all_inner_texts()
    # The results as a table to read; the data grid (and its code) only on request.
    results = page.get_by_role("table", name="The 51 matching jurisdictions: key fields")
    expect(results.locator("tbody tr")).to_have_count(51)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    page.get_by_text("Every field of the 51: a grid to sort, search and pick a row from").click()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)


def test_a_filter_in_the_url_changes_the_map(page, server, df):
    expected = int((df.fees_waived == "yes").sum())
    assert expected < 51
    open_page(page, server, "explore?fees_waived=yes")
    expect(page.locator(MAP_STATES)).to_have_count(51)
    wait_for_matches(page, expected)
    assert f"Does not match ({51 - expected})" in legend(page)
    expect(page.locator(MAP_STATES)).to_have_count(51)
    assert f"{expected} of 51 match" in page.locator("h2").all_inner_texts()


def test_clicking_a_filter_changes_the_map_and_the_url(page, server, df):
    open_page(page, server, "explore")
    expect(page.locator(MAP_STATES)).to_have_count(51)
    wait_for_matches(page, 51)
    page.get_by_text("Fees, transmission, civil liability, statute").click()
    pills = page.get_by_role("toolbar", name="State-level registry")
    pills.get_by_role("button", name="Yes").click()
    wait_ready(page)
    expected = int(df.statewide_registry.sum())
    wait_for_matches(page, expected)
    expect(page).to_have_url(re.compile(r"statewide_registry=yes"))
    assert f"{expected} of 51 match" in page.locator("h2").all_inner_texts()


def test_selecting_a_row_shows_its_evidence(page, server, df):
    first = df[df.fees_waived == "yes"].iloc[0].state_name
    open_page(page, server, "explore?fees_waived=yes")
    # The map above the grid is set in the page by its component; once it is there the
    # grid stops moving and its first row can be clicked where it is.
    expect(page.locator(MAP_STATES)).to_have_count(51)
    page.get_by_text("a grid to sort, search and pick a row from").click()
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for(timeout=30_000)
    grid.scroll_into_view_if_needed()
    wait_stable(page, '[data-testid="stDataFrame"] canvas')
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
    page.wait_for_selector(f"h2:has-text('{first}: every value')", timeout=15_000)
    wait_ready(page)
    assert page.locator(".evidence-table mark").count() >= 1
    assert "state=" in page.url


def test_clicking_a_state_on_the_match_map_opens_its_profile(page, server):
    open_page(page, server, "explore?fees_waived=yes")
    wait_map_drawn(page)
    page.mouse.click(*largest_state_centre(page))
    page.wait_for_url("**/profile?state=*", timeout=15_000)
    wait_ready(page)
    assert re.search(r"state=[A-Z]{2}", page.url)


def test_compare_shows_the_three_default_states(page, server):
    open_page(page, server, "compare")
    page.wait_for_selector("table.compare-table", timeout=30_000)
    headers = page.locator("table.compare-table").first.locator("thead th").all_inner_texts()
    assert headers[1:4] == ["Mississippi (MS)", "Alabama (AL)", "Tennessee (TN)"]
    assert page.locator("table.compare-table tr.differs").count() > 0
    page.get_by_text("Source cells for order duration").click()
    page.wait_for_selector("mark", timeout=10_000)
