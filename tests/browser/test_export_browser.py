"""Downloads in a real browser: the files arrive, and an exported chart works offline."""

from __future__ import annotations

import io
import re
import struct
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.core import paths
from analysis.facts import load
from tests.browser.conftest import CHROMIUM_FLAGS, open_page  # noqa: F401

pytestmark = pytest.mark.browser


def _download(page, button_name: str, timeout: float = 120_000) -> bytes:
    with page.expect_download(timeout=timeout) as info:
        page.get_by_role("button", name=button_name).first.click()
    return Path(info.value.path()).read_bytes()


def test_dataset_csv_downloads_from_the_export_page(page, server):
    open_page(page, server, "export")
    body = _download(page, "Dataset (CSV, as built)")
    assert body == (paths.PROCESSED / paths.DATASET_CSV).read_bytes()


def test_three_state_pdf_brief_builds_with_progress_and_downloads(page, server):
    open_page(page, server, "export?states=MS,AL,TN&topics=duration,penalties&length=full")
    page.get_by_role("button", name="Build the brief").click()
    t0 = time.perf_counter()
    page.get_by_role("button", name="Download the brief (PDF)").wait_for(timeout=120_000)
    built_in = time.perf_counter() - t0
    pdf = _download(page, "Download the brief (PDF)")
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    df = load.load_dataset().set_index("state_code")
    for code in ("MS", "AL", "TN"):
        assert df.loc[code, "state_name"] in text
        assert re.sub(r"\s+", " ", df.loc[code, "code_section"]) in text
    # One chart per topic, drawn as vector art (no image), each with its caption.
    assert "Figure 1. Maximum term of a final order" in text
    assert "Figure 2. Maximum jail for a first violation" in text
    assert "Full policy brief" in text and "127.0.0.1" not in text
    assert built_in < 90
    print(f"three-state PDF brief built in the app in {built_in:.1f} s")


def test_chart_png_download_is_a_2x_image(page, server):
    open_page(page, server)
    page.wait_for_selector(".po-map a[data-code]", timeout=30_000)
    page.get_by_role("button", name="Download chart").first.click()
    png = _download(page, "PNG image (2x)")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 2 * 700 and height >= 2 * 400


def test_chart_html_download_draws_the_map_offline(page, server, browser, tmp_path):
    open_page(page, server)
    page.wait_for_selector(".po-map a[data-code]", timeout=30_000)
    page.get_by_role("button", name="Download chart").first.click()
    html = _download(page, "Interactive HTML (works offline)")
    assert not re.search(rb"<script[^>]+src=['\"]?https?:", html)
    saved = tmp_path / "chart.html"
    saved.write_bytes(html)
    # Open the file with every request that is not the file itself refused.
    ctx = browser.new_context()
    offline = ctx.new_page()
    refused = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    offline.route("**/*", route)
    errors = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.goto(saved.as_uri())
    offline.wait_for_selector("path.choroplethlocation", timeout=30_000)
    count = offline.locator("path.choroplethlocation").count()
    ctx.close()
    assert count == 51
    assert refused == [] and errors == []
