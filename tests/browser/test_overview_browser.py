"""The overview in a real browser, offline."""

import pytest
from playwright.sync_api import expect

from analysis.facts import load
from tests.browser.conftest import (
    guard_page,
    largest_state_centre,
    open_page,
    start_server,
    stop_server,
    wait_map_drawn,
    wait_ready,
)

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
    expect(page.locator(".scatterlayer .point")).to_have_count(51)


def test_clicking_a_state_opens_its_profile(page, server):
    open_page(page, server)
    wait_map_drawn(page)
    page.mouse.click(*largest_state_centre(page))
    page.wait_for_url("**/profile?state=*", timeout=15_000)
    wait_ready(page)
    assert "Texas" in page.locator("h1").first.inner_text()


def test_overview_map_uses_the_local_geo_bundle_and_hovers_source_words(page, server):
    loaded = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    open_page(page, server)
    page.wait_for_selector("path.choroplethlocation", timeout=30_000)
    assert any(u.startswith(server) and "/app/static/vendor/plotly-geo-" in u for u in loaded)
    assert any(
        u.startswith(server) and u.endswith("/app/static/topojson/usa_110m.json") for u in loaded
    )
    wait_map_drawn(page)
    # Hover Texas (the largest state): the label carries the source's words.
    page.mouse.move(*largest_state_centre(page))
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = " ".join(page.locator(".hoverlayer .hovertext").first.all_text_contents())
    assert "Texas" in hover and "Source:" in hover
    cell = load.load_dataset().set_index("state_code").loc["TX", "duration_text"]
    assert " ".join(cell.split()[:3]) in hover


def test_overview_map_follows_the_dark_theme(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    pg = ctx.new_page()
    guard_page(pg)
    try:
        open_page(pg, server)
        pg.wait_for_selector(".legend .legendtext", timeout=30_000)
        fill = pg.locator(".legend .legendtext").first.evaluate("e => getComputedStyle(e).fill")
        rgb = [int(x) for x in fill[fill.index("(") + 1 : fill.index(")")].split(",")[:3]]
        assert sum(rgb) / 3 > 150, f"legend text {fill} is not light on the dark theme"
        assert pg.external == [] and pg.errors == []
    finally:
        ctx.close()


def test_overview_map_missing_code_gives_a_message_not_a_blank(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    guard_page(pg)
    pg.route("**/app/static/vendor/**", lambda r: r.abort())
    try:
        open_page(pg, server)
        pg.wait_for_selector("text=The map could not be drawn", timeout=30_000)
        assert "table below the map" in pg.locator(".po-chart").inner_text()
        assert pg.errors == []
    finally:
        ctx.close()


def test_overview_map_under_a_base_path(browser):
    proc, base = start_server(base_path="po-laws")
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    guard_page(pg)
    try:
        assert base.endswith("/po-laws")
        open_page(pg, base)
        pg.wait_for_selector("path.choroplethlocation", timeout=30_000)
        assert pg.locator("path.choroplethlocation").count() == 51
        assert pg.external == [] and pg.errors == []
    finally:
        ctx.close()
        stop_server(proc)
