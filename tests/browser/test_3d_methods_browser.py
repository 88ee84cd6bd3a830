"""The 3D view and the Methods page in a real browser, offline."""

import io
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import next_frames, open_page, wait_stable

pytestmark = pytest.mark.browser

DECK = '[data-testid="stDeckGlJsonChart"]'
TOOLTIP_JS = """() => {
  const t = document.querySelector('.deck-tooltip');
  return t && t.style.display !== 'none' ? [t.innerText, t.innerHTML] : null;
}"""


def dismiss_page_not_found(page) -> None:
    """Close Streamlit's "Page not found" dialog, shown on a deep link to a fresh server.

    (The page itself renders; the dialog is the shell's issue, reported separately. It
    blocks the pointer, so it must go before hovering the deck.)
    """
    dialog = page.get_by_role("dialog").filter(has_text="Page not found")
    if dialog.count():
        dialog.get_by_role("button", name="Close").click()
        expect(dialog).to_be_hidden()


def find_tooltip(page, box, wanted: str, near: tuple[float, float]) -> tuple[str, str]:
    """Hover the deck, nearest points to `near` first, until a tooltip names `wanted`."""
    points = [(i / 40, j / 40) for i in range(2, 39) for j in range(2, 39)]
    points.sort(key=lambda p: (p[0] - near[0]) ** 2 + (p[1] - near[1]) ** 2)
    for fx, fy in points[:400]:
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        next_frames(page)  # deck.gl picks and shows its tooltip on the next frame
        found = page.evaluate(TOOLTIP_JS)
        if found and found[0].startswith(wanted):
            return found[0], found[1]
    return "", ""


def wait_deck_drawn(page, timeout: float = 30.0) -> None:
    """Wait until deck.gl has drawn the states: the canvas shows more than its background.

    (WebGL keeps no pixels for the page to read, so the canvas is looked at as a person
    would: a screenshot, until it holds the states' colours or the time is up.)
    """
    canvas = page.locator(f"{DECK} canvas").first
    deadline = time.monotonic() + timeout
    while True:
        shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        if len(set(shot.resize((80, 60)).getdata())) > 8:
            return
        if time.monotonic() > deadline:
            pytest.fail("deck.gl drew nothing on its canvas within the time limit")
        next_frames(page)


def open_deck(page, server, path: str):
    open_page(page, server, path)
    page.wait_for_selector(f"{DECK} canvas", timeout=30_000)
    dismiss_page_not_found(page)
    page.locator(DECK).scroll_into_view_if_needed()
    wait_stable(page, f"{DECK} canvas")
    wait_deck_drawn(page)
    box = page.locator(f"{DECK} canvas").first.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 300
    return box


def test_3d_view_draws_a_deck_offline_with_an_escaped_tooltip(page, server):
    box = open_deck(page, server, "view_3d?field=fees_waived&view=interactive")
    assert page.get_by_text("Conditional (").first.is_visible()
    assert page.get_by_text("Flat, grey: maximum term not stated (").first.is_visible()
    # Pennsylvania's fees cell reads "Fees & costs assessed to defendant ...".
    text, markup = find_tooltip(page, box, "Pennsylvania (PA)", near=(0.75, 0.22))
    assert "Maximum term: 3 years (36 months)" in text and "Fees waived: Yes" in text
    assert "Fees & costs" in text and "&amp;amp;" not in markup  # escaped once, shown as is
    assert "Fees &amp; costs <mark>assessed to defendant</mark>" in markup
    page.mouse.move(5, 5)


def test_3d_view_flat_state_tooltip_and_malformed_field(page, server):
    box = open_deck(page, server, "view_3d?field=%3Cscript%3E&view=interactive")
    assert page.get_by_text("Ignored the link's 'field' value").first.is_visible()
    assert page.get_by_text("Misdemeanor (").first.is_visible()
    text, _ = find_tooltip(page, box, "Alaska (AK)", near=(0.18, 0.75))
    assert "Maximum term: No fixed limit (drawn flat, grey)" in text


def test_3d_view_opens_as_a_still_picture_and_draws_the_deck_on_request(page, server):
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    open_page(page, server, "view_3d?field=fees_waived")
    picture = page.get_by_role("img", name="jurisdictions state a maximum term")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert box["width"] > 600 and 250 < box["height"] <= 560
    # Each state names its values on hover (its SVG title), in the deck tooltip's words.
    pa = page.locator('svg.po-3d-picture g[data-state="PA"] title')
    expect(pa).to_have_text("Pennsylvania (PA): maximum term 3 years (36 months); Fees waived: Yes")
    # No WebGL and none of deck.gl's code until the visitor asks for the interactive view.
    assert page.locator("canvas").count() == 0
    assert not [u for u in scripts if "DeckGl" in u], scripts
    page.get_by_text("Interactive: rotate, zoom, hover (WebGL)").click()
    page.wait_for_selector(f"{DECK} canvas", timeout=30_000)
    wait_deck_drawn(page)
    expect(picture).to_have_count(0)
    assert "view=interactive" in page.url and "field=fees_waived" in page.url


def test_methods_page_offline(page, server):
    open_page(page, server, "methods?field=fees_waived")
    for heading in ("Codebook", "How values were coded", "How to cite", "Privacy"):
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    assert page.get_by_role("button", name="Download the data dictionary (Markdown text)")
    assert page.get_by_text("Table 32 is undated").first.is_visible()
    # The codebook and the reviewed values: tables a keyboard can scroll, no data grid.
    codebook = page.get_by_role("region", name="The codebook: every column")
    expect(codebook.locator("tbody tr")).to_have_count(47)
    expect(codebook.get_by_role("cell", name="final_order_max_months", exact=True)).to_be_attached()
    reviewed = page.get_by_role("region", name="Reviewed values: state, field")
    expect(reviewed.locator("tbody tr").first).to_contain_text("Fees waived")
    assert page.locator('[data-testid="stDataFrame"], [data-testid="stTable"]').count() == 0
    page.get_by_role("heading", name="Privacy").scroll_into_view_if_needed()
    assert page.get_by_text("loads nothing from other sites").first.is_visible()
    # What the privacy note says about cookies is true: one session-only security token.
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["_streamlit_xsrf"]
    assert all(c["expires"] == -1 for c in cookies)
