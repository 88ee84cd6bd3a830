"""Quick exit, history and what stays on the device, tried as a visitor would.

The exit site is answered by the test itself (a stand-in weather page), so every request
it receives, and its headers, are recorded; any other request to another host is still
aborted and counted (conftest.py).
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import expect

from analysis.app import navigation
from analysis.core import safety
from tests.browser.conftest import (
    answer_exit_site,
    assert_left_cleanly,
    guard_page,
    open_page,
    start_server,
    stop_server,
    wait_ready,
)

pytestmark = pytest.mark.browser


def assert_back_never_shows_the_app(page, base: str) -> None:
    """Back, as often as the tab allows, never shows a page of this app."""
    for _ in range(4):
        with contextlib.suppress(Exception):  # no entry left to go back to
            page.go_back(wait_until="commit", timeout=5_000)
        # Arriving back on a page of the app sends the visitor straight to the exit page.
        expect(page).not_to_have_url(f"{base}/**", timeout=15_000)
        assert not page.url.startswith(base)


def press_shift_three_times(page) -> None:
    for _ in range(3):
        page.keyboard.press("Shift")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


# --- Leaving ---------------------------------------------------------------------------


def test_quick_exit_is_first_in_keyboard_order_and_leaves_without_referer(page, server):
    seen = answer_exit_site(page)
    open_page(page, server, "profile?state=MS")
    page.keyboard.press("Tab")
    assert focused_id(page) == "po-quick-exit"
    page.keyboard.press("Enter")
    assert_left_cleanly(page, seen)
    assert_back_never_shows_the_app(page, server)


def test_shift_three_times_leaves_and_esc_does_not(page, server):
    seen = answer_exit_site(page)
    open_page(page, server, "duration")
    for _ in range(4):
        page.keyboard.press("Escape")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # another key between presses starts the count again
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.locator("h1").first).to_be_visible()
    assert page.url.startswith(server) and not seen
    press_shift_three_times(page)
    assert_left_cleanly(page, seen)


def test_esc_that_closes_a_list_never_leaves_or_loses_the_choice(page, server):
    seen = answer_exit_site(page)
    open_page(page, server, "compare?states=MS,AL")
    box = page.locator('[data-testid="stMultiSelect"]').first
    box.locator("input").click()
    page.keyboard.type("Tenn")
    page.get_by_role("option", name="Tennessee (TN)").click()
    page.keyboard.press("Escape")  # closes the list
    page.keyboard.press("Escape")  # a second Esc, as people press it
    page.keyboard.press("Escape")
    wait_ready(page)
    assert not seen and page.url.startswith(f"{server}/compare")
    expect(page.get_by_role("listbox")).to_have_count(0)
    for chosen in ("Mississippi (MS)", "Alabama (AL)", "Tennessee (TN)"):
        expect(box).to_contain_text(chosen)


@pytest.mark.parametrize("how", ["click", "shift"])
def test_quick_exit_works_while_a_list_is_open(page, server, how):
    seen = answer_exit_site(page)
    open_page(page, server, "compare?states=MS,AL")
    page.locator('[data-testid="stMultiSelect"]').first.locator("input").click()
    expect(page.get_by_role("listbox")).to_be_visible()
    if how == "click":
        page.locator("#po-quick-exit").click()
    else:
        press_shift_three_times(page)
    assert_left_cleanly(page, seen)


def test_quick_exit_works_while_a_popover_is_open(page, server):
    seen = answer_exit_site(page)
    open_page(page, server, "duration")
    page.get_by_role("button", name="Download chart").first.click()
    popover = page.get_by_role("dialog")
    expect(popover.first).to_be_visible()
    page.keyboard.press("Escape")  # closes the popover, nothing else
    expect(popover).to_have_count(0)
    assert not seen
    page.get_by_role("button", name="Download chart").first.click()
    expect(popover.first).to_be_visible()
    page.locator("#po-quick-exit").click()
    assert_left_cleanly(page, seen)


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_quick_exit_works_while_a_dialog_is_open(page, server, how):
    seen = answer_exit_site(page)
    open_page(page, server, "methods")
    page.get_by_role("button", name="Main menu").click()
    page.get_by_role("menuitem", name="About").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.first).to_be_visible()
    page.keyboard.press("Escape")  # Esc closes the dialog and does nothing else
    expect(dialog).to_have_count(0)
    page.keyboard.press("Escape")
    assert not seen and page.url.startswith(server)
    page.get_by_role("button", name="Main menu").click()
    page.get_by_role("menuitem", name="About").click()
    expect(dialog.first).to_be_visible()
    if how == "click":
        page.locator("#po-quick-exit").click()
    else:
        page.keyboard.press("Tab")  # the exit comes first in the dialog's Tab loop
        assert focused_id(page) == "po-quick-exit"
        page.keyboard.press("Enter")
    assert_left_cleanly(page, seen)


def test_quick_exit_works_before_the_apps_javascript_has_loaded(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    guard_page(pg)
    # Streamlit's code never arrives: the page the server sent is all there is.
    pg.route("**/static/js/**", lambda r: r.abort())
    seen = answer_exit_site(pg)
    try:
        pg.goto(f"{server}/explore?fees_waived=yes")
        link = pg.locator("#po-quick-exit")
        expect(link).to_be_visible()
        assert pg.locator('[data-testid="stApp"]').count() == 0
        pg.keyboard.press("Tab")
        assert focused_id(pg) == "po-quick-exit"
        link.click()
        assert_left_cleanly(pg, seen)
        assert pg.errors == []
    finally:
        ctx.close()


def test_quick_exit_is_on_the_screen_while_the_apps_files_are_on_their_way(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    guard_page(pg)
    held = []
    # Every script file of the page is held (a slow network): none of them may keep the
    # page from being drawn, so the exit shows and works at once.
    pg.route("**/static/js/**", lambda route: held.append(route))
    pg.route("**/app/static/po_frontend.js", lambda route: held.append(route))
    seen = answer_exit_site(pg)
    try:
        pg.goto(f"{server}/penalties", wait_until="commit")
        link = pg.locator("#po-quick-exit")
        expect(link).to_be_visible(timeout=10_000)
        assert held  # the files were asked for and are still on their way
        assert pg.locator('[data-testid="stApp"]').count() == 0
        link.click()
        assert_left_cleanly(pg, seen)
    finally:
        ctx.close()


@pytest.fixture()
def own_server():
    """A server of this test's own, so the test can stop it."""
    proc, base = start_server()
    yield proc, base
    if proc.poll() is None:
        stop_server(proc)


@pytest.mark.parametrize("how", ["click", "keyboard", "shift"])
def test_quick_exit_works_after_the_server_has_gone(browser, own_server, how):
    proc, base = own_server
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    guard_page(pg)
    seen = answer_exit_site(pg)
    try:
        open_page(pg, base, "penalties")
        stop_server(proc)
        dialog = pg.get_by_role("dialog", name="Connection error")
        expect(dialog).to_be_visible(timeout=60_000)
        assert not seen
        if how == "click":
            pg.locator("#po-quick-exit").click()
        elif how == "keyboard":
            # With Streamlit's dialog up, the exit comes first in the dialog's Tab loop.
            pg.keyboard.press("Tab")
            assert focused_id(pg) == "po-quick-exit"
            pg.keyboard.press("Enter")
        else:
            press_shift_three_times(pg)
        assert_left_cleanly(pg, seen)
        assert pg.errors == []
    finally:
        ctx.close()


def test_the_connection_dialog_keeps_its_esc_and_the_exit_its_place_in_tab_order(
    browser, own_server
):
    proc, base = own_server
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    guard_page(pg)
    seen = answer_exit_site(pg)
    try:
        open_page(pg, base, "methods")
        stop_server(proc)
        dialog = pg.get_by_role("dialog", name="Connection error")
        expect(dialog).to_be_visible(timeout=60_000)
        link = pg.locator("#po-quick-exit")
        assert link.get_attribute("aria-hidden") is None and link.get_attribute("inert") is None
        pg.keyboard.press("Tab")
        assert focused_id(pg) == "po-quick-exit"
        pg.keyboard.press("Tab")  # then the dialog's own controls ...
        assert pg.evaluate("document.activeElement.closest('[role=dialog]') !== null")
        pg.keyboard.press("Shift+Tab")  # ... and back to the exit
        assert focused_id(pg) == "po-quick-exit"
        pg.keyboard.press("Escape")
        pg.keyboard.press("Escape")
        assert not seen and pg.url.startswith(base)
    finally:
        ctx.close()


# --- History ---------------------------------------------------------------------------


def test_back_never_returns_to_the_app_opened_twice_in_one_tab(page, server):
    seen = answer_exit_site(page)
    open_page(page, server, "profile?state=TX")  # a shared link ...
    open_page(page, server, "compare?states=MS,AL")  # ... and a second one, typed
    page.get_by_role("link", name="Duration").first.click()  # in-app navigation
    expect(page).to_have_url(f"{server}/duration")
    wait_ready(page)
    page.locator("#po-quick-exit").click()
    assert_left_cleanly(page, seen)
    assert_back_never_shows_the_app(page, server)


def test_in_app_navigation_adds_no_history_entries(page, server):
    open_page(page, server)
    before = page.evaluate("history.length")
    for spec in navigation.PAGES[1:4]:
        page.get_by_role("link", name=spec.title, exact=True).first.click()
        expect(page).to_have_url(f"{server}/{spec.url_path}")
        wait_ready(page)
    assert page.evaluate("history.length") == before


# --- What stays on the device ----------------------------------------------------------


def real_storage(page, base: str) -> dict:
    """The origin's real storage, read through the browser's DevTools protocol (not
    through the page, whose Storage objects are the app's in-memory ones)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOMStorage.enable")
    out = {}
    for kind, local in (("localStorage", True), ("sessionStorage", False)):
        items = cdp.send(
            "DOMStorage.getDOMStorageItems",
            {"storageId": {"securityOrigin": base, "isLocalStorage": local}},
        )["entries"]
        out[kind] = items
    out["indexedDB"] = cdp.send("IndexedDB.requestDatabaseNames", {"securityOrigin": base})[
        "databaseNames"
    ]
    out["cacheStorage"] = cdp.send("CacheStorage.requestCacheNames", {"securityOrigin": base})[
        "caches"
    ]
    out["serviceWorkers"] = page.evaluate(
        "navigator.serviceWorker ? navigator.serviceWorker.getRegistrations()"
        ".then(r => r.length) : 0"
    )
    cdp.detach()
    return out


def test_nothing_is_stored_after_every_page(page, server):
    responses = []
    page.on("response", lambda r: responses.append(r))
    for spec in navigation.PAGES:
        open_page(page, server, spec.url_path)
    # What people do that Streamlit would remember: fold the sidebar, open a menu.
    open_page(page, server, "duration")
    page.get_by_role("button", name="Download chart").first.click()
    page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebar"]').hover()
    page.get_by_role("button", name="Collapse sidebar").click()
    expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
    wait_ready(page)
    # The page itself sees storage that works (Streamlit relies on it) ...
    assert page.evaluate("localStorage.setItem('x', '1') || localStorage.getItem('x')") == "1"
    # ... but nothing reaches the browser's own.
    stored = real_storage(page, server)
    assert stored == {
        "localStorage": [],
        "sessionStorage": [],
        "indexedDB": [],
        "cacheStorage": [],
        "serviceWorkers": 0,
    }
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["_streamlit_xsrf"]
    assert all(c["expires"] == -1 for c in cookies), "a cookie outlives the session"
    # Nothing is kept in the browser's disk cache either.
    mine = [r for r in responses if r.url.startswith(server)]
    assert mine
    cached = [r.url for r in mine if "no-store" not in (r.headers.get("cache-control") or "")]
    assert cached == []


# --- Headers and odd paths -------------------------------------------------------------


def test_every_response_carries_the_safety_headers(page, server):
    responses, violations = [], []
    page.on("response", lambda r: responses.append(r))
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "content security policy" in m.text.lower() else None
        ),
    )
    page.on(
        "pageerror",
        lambda e: violations.append(str(e)) if "content security" in str(e).lower() else None,
    )
    for path in (
        "",
        "explore?fees_waived=yes",
        "view_3d?view=interactive",
        "export",
        "profile/extra",
    ):
        page.goto(f"{server}/{path}")
        if path != "profile/extra":
            wait_ready(page)
        if path == "":
            page.wait_for_selector(".po-map a[data-code]", timeout=30_000)
        if path.startswith("view_3d"):
            page.wait_for_selector("canvas", timeout=30_000)  # deck.gl's WebAssembly ran
            expect(page.get_by_text("Misdemeanor (").first).to_be_visible()
    mine = [r for r in responses if r.url.startswith(server)]
    assert len(mine) > 20
    for r in mine:
        headers = r.all_headers()
        for name, value in safety.HEADERS.items():
            got = headers.get(name.lower())
            assert got == value, f"{r.url}: {name} is {got!r}"
    assert violations == []


@pytest.mark.parametrize("path", ["profile/extra", "no-such-page", "explore/a/b?x=1", "static"])
def test_unknown_and_nested_paths_get_a_page_with_the_quick_exit(page, server, path):
    seen = answer_exit_site(page)
    response = page.goto(f"{server}/{path}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.keyboard.press("Tab")
    assert focused_id(page) == "po-quick-exit"
    page.get_by_role("link", name="Go to the overview").click()
    expect(page).to_have_url(f"{server}/")
    wait_ready(page)
    expect(page.locator("h1").first).to_contain_text("How long")
    page.locator("#po-quick-exit").click()
    assert_left_cleanly(page, seen)
