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
    """Wait until n charts are drawn and their bars have stopped moving."""
    draw_charts(page, n)
    wait_stable(page, f"{CHART} .main-svg", n)
    wait_stable(page, f"{CHART} .barlayer .point path", 1)


def bars_per_chart(page) -> list[int]:
    """Drawn bar blocks (non-empty paths) in each chart, in page order."""
    return page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).map(c =>
            Array.from(c.querySelectorAll('.barlayer .point path'))
                 .filter(p => { const b = p.getBBox(); return b.width > 0 && b.height > 0; })
                 .length)""",
        CHART,
    )


def chart_title(page, i: int) -> str:
    return page.locator(CHART).nth(i).locator(".gtitle").first.text_content()


def test_duration_page_draws_a_block_per_jurisdiction(page, server):
    open_page(page, server, "duration")
    wait_charts(page, 4)
    assert page.locator("h1").first.inner_text().startswith("How long")
    # cap, minimum term: a block per jurisdiction; two yes/no rows: 51 each; emergency term.
    assert bars_per_chart(page) == [51, 51, 102, 51]
    ticks = [t.strip() for t in page.locator(CHART).first.locator(".ytick").all_text_contents()]
    assert "Not stated" in ticks and "No fixed limit" in ticks


def test_duration_page_highlight_from_the_url(page, server):
    open_page(page, server, "duration?state=MS")
    wait_charts(page, 4)
    expect(page.get_by_text("Duration cell, verbatim:")).to_have_count(1)
    # The highlight frame is drawn in every chart (a shape per block; two yes/no rows).
    frames = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).map(c =>
            c.querySelectorAll('.layer-above .shapelayer path, .shapelayer path').length)""",
        CHART,
    )
    assert all(f >= 1 for f in frames), frames


def test_hovering_a_block_shows_the_source_words(page, server):
    open_page(page, server, "penalties")
    wait_charts(page, 5)
    df = load.load_dataset().set_index("state_code")
    chart = page.locator(CHART).first  # maximum jail
    chart.scroll_into_view_if_needed()
    target = None
    for p in chart.locator(".barlayer .point path").all():
        box = p.bounding_box()
        if box and box["width"] > 3:
            target = box
            break
    assert target is not None
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
    hover = " ".join(page.locator(".hoverlayer .hovertext").first.all_text_contents())
    assert "Source:" in hover
    state = next(n for n in df.state_name if n in hover)
    words = df.loc[df.state_name == state, "penalty_text"].iloc[0].split()[:3]
    assert " ".join(words) in hover


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
