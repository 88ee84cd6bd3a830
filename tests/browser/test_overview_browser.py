"""The overview in a real browser, offline."""

import pytest
from playwright.sync_api import expect

from analysis.core import display
from analysis.facts import load
from analysis.figures import maps
from tests.browser.conftest import (
    MAP_STATES,
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
    expect(page.locator(MAP_STATES)).to_have_count(51)
    legend = page.locator(".po-map-legend li").all_text_contents()
    assert any(t.startswith("Not stated (") for t in legend)
    # Each state links to its profile, relative to the page.
    expect(page.locator('.po-map a[data-code="TN"]')).to_have_attribute("href", "profile?state=TN")


def test_tile_grid_shows_dc(page, server):
    open_page(page, server, "?view=tiles")
    expect(page.locator(MAP_STATES)).to_have_count(51)
    dc = page.locator('.po-map a[data-code="DC"]')
    expect(dc.locator("text").first).to_have_text("DC")
    bb = dc.locator("rect").bounding_box()
    assert bb["width"] > 20 and abs(bb["width"] - bb["height"]) < 1


def test_clicking_a_state_opens_its_profile(page, server):
    open_page(page, server)
    wait_map_drawn(page)
    page.mouse.click(*largest_state_centre(page))
    page.wait_for_url("**/profile?state=*", timeout=15_000)
    wait_ready(page)
    assert "Texas" in page.locator("h1").first.inner_text()


def test_overview_map_loads_no_chart_code_and_hovers_source_words(page, server):
    loaded = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    open_page(page, server)
    wait_map_drawn(page)
    # The map is SVG from the server: no plotly.js bundle and no outline file is fetched.
    assert not [u for u in loaded if "/app/static/vendor/" in u or "/topojson/" in u]
    # Texas's hover text (its tooltip) is the source's words, as in the exported figure.
    row = load.load_dataset().set_index("state_code").loc["TX"]
    hover = page.locator('.po-map a[data-code="TX"] > title').text_content()
    assert hover.startswith("Texas\nMaximum term: ")
    assert display.value_text("final_order_max_months", row.to_dict()) in hover
    assert "Source: " + " ".join(row["duration_text"].split()[:3]) in " ".join(hover.split())


def test_overview_map_reads_as_the_exported_figure(page, server):
    """The page's legend and colours are the figure the chart files are made from."""
    fig = maps.duration_map(load.load_dataset())
    open_page(page, server)
    wait_map_drawn(page)
    names = [t.name for t in fig.data[1:] if t.showlegend]
    assert page.locator(".po-map-legend li").all_text_contents() == names
    fills = dict(
        zip(
            page.locator(MAP_STATES).evaluate_all("els => els.map(e => e.dataset.code)"),
            page.locator(MAP_STATES + " path").evaluate_all(
                "els => els.map(e => getComputedStyle(e).fill)"
            ),
            strict=True,
        )
    )
    colours = {t.name: t.marker.color for t in fig.data[1:] if t.showlegend}
    ohio = next(n for n in names if n.startswith("4 to 5 years"))
    r, g, b = (int(colours[ohio][i : i + 2], 16) for i in (1, 3, 5))
    assert fills["OH"] == f"rgb({r}, {g}, {b})"


def test_overview_map_follows_the_dark_theme(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    pg = ctx.new_page()
    guard_page(pg)
    try:
        open_page(pg, server)
        item = pg.locator(".po-map-legend li").first
        expect(item).to_be_visible()
        color = item.evaluate("e => getComputedStyle(e).color")
        rgb = [int(x) for x in color[color.index("(") + 1 : color.index(")")].split(",")[:3]]
        assert sum(rgb) / 3 > 150, f"legend text {color} is not light on the dark theme"
        assert pg.external == [] and pg.errors == []
    finally:
        ctx.close()


def test_overview_map_draws_without_any_chart_code(browser, server):
    """With every chart bundle unreachable the map is still there (nothing to load)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    guard_page(pg)
    pg.route("**/app/static/vendor/**", lambda r: r.abort())
    try:
        open_page(pg, server)
        expect(pg.locator(MAP_STATES)).to_have_count(51)
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
        expect(pg.locator(MAP_STATES)).to_have_count(51)
        # A state's link, relative to the page, stays under the base path.
        pg.locator('.po-map a[data-code="TX"] path').click()
        pg.wait_for_url("**/po-laws/profile?state=TX", timeout=15_000)
        wait_ready(pg)
        assert "Texas" in pg.locator("h1").first.inner_text()
        assert pg.external == [] and pg.errors == []
    finally:
        ctx.close()
        stop_server(proc)
