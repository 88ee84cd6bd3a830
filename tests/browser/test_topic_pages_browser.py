"""The Duration, Penalties and Transmission pages in a real browser, offline."""

import pytest
from playwright.sync_api import expect

from analysis.core.schema import STATE_NAMES
from analysis.facts import load
from tests.browser.conftest import (
    CHART,
    draw_charts,
    largest_state_centre,
    open_page,
    wait_map_drawn,
    wait_ready,
    wait_stable,
)

pytestmark = pytest.mark.browser


def wait_charts(page, n: int) -> None:
    """Wait until n charts are set in the page and have stopped moving."""
    draw_charts(page, n)
    wait_stable(page, f"{CHART} [data-code]", 1)


def bars_per_chart(page) -> list[int]:
    """Drawn blocks or bars (a box of some size) in each chart, in page order."""
    return page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).map(c =>
            Array.from(c.querySelectorAll('.po-unit, .po-hbar'))
                 .filter(p => { const b = p.getBoundingClientRect();
                                return b.width > 0 && b.height > 0; })
                 .length)""",
        CHART,
    )


def chart_title(page, i: int) -> str:
    """The chart's title and subtitle, as shown above it."""
    return " ".join(page.locator(CHART).nth(i).locator(".po-chart-head p").all_text_contents())


def test_duration_page_draws_a_block_per_jurisdiction(page, server):
    open_page(page, server, "duration")
    wait_charts(page, 4)
    assert page.locator("h1").first.inner_text().startswith("How long")
    # cap, minimum term: a block per jurisdiction; two yes/no rows: 51 each; emergency term.
    assert bars_per_chart(page) == [51, 51, 102, 51]
    rows = page.locator(CHART).first.locator(".po-units-label b").all_text_contents()
    assert rows[-2:] == ["No fixed limit", "Not stated"]
    # Every block shows its code, inside its block, in type a reader can read.
    blocks = (
        page.locator(CHART)
        .first.locator(".po-unit")
        .evaluate_all(
            """els => els.map(e => [e.textContent, e.scrollWidth <= e.clientWidth + 1,
                               parseFloat(getComputedStyle(e).fontSize)])"""
        )
    )
    assert sorted(b[0] for b in blocks) == sorted(STATE_NAMES)
    assert all(fits and size >= 10 for _, fits, size in blocks), blocks


def test_duration_page_highlight_from_the_url(page, server):
    open_page(page, server, "duration?state=MS")
    wait_charts(page, 4)
    expect(page.get_by_text("Duration cell, verbatim:")).to_have_count(1)
    # Mississippi's block is framed in every chart (once per yes/no row), and the frame
    # is a ring of its own around the block.
    frames = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).map(c =>
            Array.from(c.querySelectorAll('[data-code="MS"]')).filter(e =>
              getComputedStyle(e).boxShadow.includes('0px 0px 0px 2px')).length)""",
        CHART,
    )
    assert frames == [1, 1, 2, 1], frames


def test_hovering_a_block_shows_the_source_words(page, server):
    """A block's tooltip is the jurisdiction's value and its source cell's words."""
    open_page(page, server, "penalties")
    wait_charts(page, 5)
    df = load.load_dataset().set_index("state_code")
    block = page.locator(CHART).first.locator(".po-unit").first  # maximum jail
    block.hover()
    code = block.get_attribute("data-code")
    tip = block.get_attribute("title")
    assert tip.startswith(df.state_name[code]) and "Source:" in tip
    words = df.penalty_text[code].split()[:3]
    assert " ".join(words) in tip


def test_penalties_page_charts_and_weights_from_the_url(page, server):
    open_page(page, server, "penalties?w_violation_max_jail_days=5&missing=zero")
    wait_charts(page, 5)
    counts = bars_per_chart(page)
    # jail, fine, offence level: 51 blocks; two yes/no rows: 102; index: a bar per
    # jurisdiction with an index (a zero index draws no bar; Not stated is a label).
    assert counts[:4] == [51, 51, 51, 102]
    titles = [chart_title(page, i) for i in range(5)]
    sev = next(t for t in titles if t.startswith("Your severity index (your weights)"))
    assert "maximum jail 5" in sev
    expect(page.get_by_text("index = 100 x (5 x jail")).to_have_count(1)
    expect(page.get_by_text("Count it as 0 (least severe)")).to_have_count(1)


def test_transmission_map_draws_51_states_and_the_deadline_blocks(page, server):
    open_page(page, server, "transmission")
    wait_map_drawn(page)
    wait_charts(page, 2)
    legend = page.locator(".po-map-legend li").all_text_contents()
    assert any(t.startswith("No deadline stated (") for t in legend)
    assert bars_per_chart(page) == [51, 51]


def test_transmission_map_click_opens_the_profile(page, server):
    open_page(page, server, "transmission")
    wait_map_drawn(page)
    # The biggest state with a stated deadline: grey states carry a "?" at their centre.
    page.mouse.click(*largest_state_centre(page, skip_fill="rgb(224, 224, 224)"))
    page.wait_for_url("**/profile?state=*", timeout=15_000)
    wait_ready(page)
    code = page.url.rsplit("state=", 1)[1][:2]
    assert page.locator("h1").first.inner_text().startswith(STATE_NAMES[code])


def test_transmission_filter_from_the_url(page, server):
    open_page(page, server, "transmission?transmission_deadline=immediate")
    wait_charts(page, 2)
    n = int((load.load_dataset().transmission_deadline == "immediate").sum())
    expect(page.get_by_text(f"{n} of 51 jurisdictions")).to_have_count(1)
