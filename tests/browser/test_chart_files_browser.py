"""Chart files downloaded in the app: every registered chart, by the app's own menu.

Each page's "Download chart" menu is opened and its SVG saved; in the same browser every
text element of the file must lie inside its canvas (the app's files once had their row
labels cut off), and the file must be the command line's file for the same chart
(`python -m analysis charts`, the same function) apart from the view URL and export
date lines and the random ids plotly gives each render.
"""

from __future__ import annotations

import re

import pytest

from analysis.facts import load
from analysis.figures.registry import all_charts
from analysis.publish import images
from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser

# page -> the download keys on it; a key is the registered chart's name unless mapped.
PAGES = {
    "": ("overview_map",),
    "?view=tiles": ("overview_tiles",),
    "duration": ("duration_distribution", "minimum_terms", "duration_flags", "emergency_terms"),
    "penalties": (
        "penalty_jail",
        "penalty_fine",
        "offense_level",
        "penalty_flags",
        "severity_index",
    ),
    "transmission": ("transmission_map", "transmission_deadlines", "registry"),
}
REGISTERED = {"overview_map": "duration_map", "overview_tiles": "duration_tiles"}

OUTSIDE = """() => {
  const svg = document.querySelector('svg');
  const w = +svg.getAttribute('width'), h = +svg.getAttribute('height');
  const box = svg.getBoundingClientRect();
  const out = [];
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < box.left - 0.5 || r.top < box.top - 0.5 ||
        r.right > box.left + w + 0.5 || r.bottom > box.top + h + 0.5)
      out.push(t.textContent.slice(0, 40));
  }
  return {w, h, out};
}"""


def normalise(svg: str) -> str:
    """The file without what differs between two renders of one chart: plotly's random
    ids, the export date and the view URL lines."""
    # Every id (and its uses) renamed in order of first appearance; trace classes too.
    ids = list(dict.fromkeys(re.findall(r'id="([^"]+)"', svg)))
    for i, old in sorted(enumerate(ids), key=lambda p: -len(p[1])):
        svg = svg.replace(old, f"ID{i}")
    svg = re.sub(r"trace[0-9a-f]{6}\b", "traceUID", svg)
    svg = re.sub(r"Exported \d{1,2} [A-Z][a-z]+ \d{4}", "Exported DATE", svg)
    return re.sub(r"View: [^<]*", "View: URL", svg)


def test_every_chart_file_from_the_app_is_whole_and_the_command_lines(page, server, tmp_path):
    df = load.load_dataset()
    charts = all_charts()
    seen = set()
    for path, keys in PAGES.items():
        open_page(page, server, path)
        menus = page.get_by_role("button", name="Download chart")
        menus.first.wait_for(timeout=60_000)
        for key in keys:
            name = REGISTERED.get(key, key)
            menu = page.locator(f".st-key-{key}__dl").get_by_role("button", name="Download chart")
            menu.scroll_into_view_if_needed()
            menu.click()
            button = page.locator(f".st-key-{key}__dl_svg button")
            with page.expect_download(timeout=90_000) as download:
                button.click()
            target = tmp_path / f"{key}.svg"
            download.value.save_as(target)
            page.keyboard.press("Escape")  # close the menu
            in_app = target.read_text(encoding="utf-8")
            # In this browser: every text inside the canvas.
            check = page.context.new_page()
            check.set_content(f"<html><body style='margin:0'>{in_app}</body></html>")
            result = check.evaluate(OUTSIDE)
            check.close()
            assert result["out"] == [], (key, result)
            # The command line's file of the same chart, by the same function.
            cli = images.chart_file(charts[name][1](df), "svg", "command line").decode()
            if normalise(in_app) != normalise(cli):
                (tmp_path / f"{key}.app.txt").write_text(normalise(in_app).replace("><", ">\n<"))
                (tmp_path / f"{key}.cli.txt").write_text(normalise(cli).replace("><", ">\n<"))
            assert normalise(in_app) == normalise(cli), (key, str(tmp_path))
            seen.add(name)
    assert seen == set(charts), (
        f"registered charts with no download in the app: {set(charts) - seen}"
    )
