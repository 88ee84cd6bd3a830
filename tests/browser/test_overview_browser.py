"""The overview in a real browser, offline."""

import pytest

from analysis import ui
from tests.browser.conftest import open_page, wait_ready

pytestmark = pytest.mark.browser


def test_overview_map_draws_51_states_offline(page, server):
    open_page(page, server)
    page.wait_for_selector("path.choroplethlocation", timeout=30_000)
    assert page.locator("path.choroplethlocation").count() == 51
    legend = page.locator(".legend .legendtext").all_text_contents()
    assert any(t.startswith("Not stated (") for t in legend)


def test_tile_grid_shows_dc(page, server):
    open_page(page, server, "?view=tiles")
    page.wait_for_selector(".scatterlayer .point", timeout=30_000)
    texts = page.locator(".scatterlayer .textpoint").all_text_contents()
    assert any(t.startswith("DC") for t in texts)
    assert page.locator(".scatterlayer .point").count() == 51


def test_clicking_a_state_opens_its_profile(page, server):
    open_page(page, server)
    page.wait_for_selector("path.choroplethlocation")
    page.wait_for_timeout(800)
    paths = page.locator("path.choroplethlocation")
    biggest, area = None, 0
    for i in range(paths.count()):
        bb = paths.nth(i).bounding_box()
        if bb and bb["width"] * bb["height"] > area:
            biggest, area = bb, bb["width"] * bb["height"]
    page.mouse.click(biggest["x"] + biggest["width"] / 2, biggest["y"] + biggest["height"] / 2)
    page.wait_for_url("**/profile?state=*", timeout=15_000)
    wait_ready(page)
    assert "Texas" in page.locator("h1").first.inner_text()


def test_quick_exit_is_first_in_keyboard_order_and_leaves(page, server):
    open_page(page, server, "profile?state=MS")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.id")
    assert focused == "quick-exit"
    page.allow_external = True
    history_before = page.evaluate("history.length")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    assert not page.url.startswith(server)
    # The only request that left this machine is the exit navigation itself.
    assert page.external and set(page.external) == {ui.EXIT_URL}
    assert page.evaluate("history.length") <= history_before
