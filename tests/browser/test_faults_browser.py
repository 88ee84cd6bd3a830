"""Faults as a visitor meets them: processed data changed after the build, and the
server's chart-image browser killed between two downloads."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis.core import paths
from analysis.core.csvfile import csv_bytes, read_text_csv
from tests.browser.conftest import open_page, start_server, stop_server

pytestmark = pytest.mark.browser


@pytest.fixture()
def edited_data(tmp_path: Path) -> Path:
    """data/processed with Mississippi's maximum edited by hand from 36 to 60 months."""
    folder = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, folder)
    path = folder / paths.DATASET_CSV
    df = read_text_csv(path.read_bytes())
    assert float(df.loc[df.state_code == "MS", "final_order_max_months"].item()) == 36
    df.loc[df.state_code == "MS", "final_order_max_months"] = "60"
    path.write_bytes(csv_bytes(df))
    return folder


def test_a_hand_edited_processed_file_is_refused_not_shown(page, edited_data):
    proc, base = start_server(env={"PO_PROCESSED_DIR": str(edited_data)})
    try:
        open_page(page, base, "profile?state=MS")
        alert = page.get_by_role("alert").filter(has_text="cannot be loaded")
        expect(alert).to_contain_text("data/processed/protective_orders.csv")
        expect(alert).to_contain_text("sha256")
        expect(alert).to_contain_text("python -m analysis build")
        assert str(edited_data) not in alert.inner_text()
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert "Mississippi: protective orders" not in body and "60 months" not in body
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "po-quick-exit"
    finally:
        stop_server(proc)


def export_browsers(server_pid: int) -> set[int]:
    """Process groups of the Chromium processes the server started (its export browser)."""
    parents: dict[int, int] = {}
    groups: dict[int, int] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(text.split(" ", 1)[0])
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue
        parents[pid], groups[pid], names[pid] = int(fields[1]), int(fields[2]), name
    found = set()
    for pid, name in names.items():
        p = pid
        while p in parents and p != server_pid and p > 1:
            p = parents[p]
        if p == server_pid and "chrom" in name:
            found.add(groups[pid])
    return found


def download_png(page) -> bytes:
    page.get_by_role("button", name="Download chart").first.click()
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="PNG image (2x)").click()
    data = Path(info.value.path()).read_bytes()
    page.keyboard.press("Escape")
    return data


def test_a_killed_export_browser_is_replaced_for_the_next_download(page):
    proc, base = start_server()
    try:
        open_page(page, base, "duration")
        assert download_png(page).startswith(b"\x89PNG")
        groups = export_browsers(proc.pid)
        assert groups, "the server started no export browser"
        for group in groups:
            os.killpg(group, signal.SIGKILL)  # kaleido's Chromium crashes
        assert download_png(page).startswith(b"\x89PNG")
        assert export_browsers(proc.pid).isdisjoint(groups)
    finally:
        stop_server(proc)
