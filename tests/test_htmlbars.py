"""Bar and unit charts drawn as HTML on the server (analysis/figures/htmlbars), checked
against the dataset itself: blocks, rows, colours, tooltips, hatching, the highlight ring,
the severity bars, contrast and escaping."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis.core.schema import OFFENSE_LEVEL_CODES, STATE_NAMES, TRANSMISSION_CODES
from analysis.facts import load, metrics
from analysis.figures import htmlbars, maps, topics
from analysis.figures.style import transmission_categories


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


class _Chart(HTMLParser):
    """Rows (label, blocks) of a po-bars figure; a block: its attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []
        self.legend: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class", "").split()
        if "po-units-row" in cls or "po-hbar-row" in cls:
            self.rows.append({"label": "", "blocks": []})
        if "po-unit" in cls or "po-hbar" in cls or "po-hbar-value" in cls:
            self.rows[-1]["blocks"].append({**a, "text": ""})
        self._in.append(" ".join(cls) if cls else tag)

    def handle_endtag(self, tag):
        self._in.pop()

    def handle_data(self, data):
        self.text.append(data)
        where = self._in[-1] if self._in else ""
        if not self.rows:
            return
        if any(k in " ".join(self._in) for k in ("po-units-label", "po-hbar-label")):
            self.rows[-1]["label"] += data
        elif "po-unit" in where.split() or "po-hbar-value" in where.split():
            self.rows[-1]["blocks"][-1]["text"] += data
        if "po-map-legend" in " ".join(self._in):
            self.legend.append(data)


def parse(markup: str) -> _Chart:
    p = _Chart()
    p.feed(markup)
    return p


def draw(fig) -> str:
    out = htmlbars.figure_html(fig, "ALT: 51 jurisdictions")
    assert out is not None
    return out


def codes(row: dict) -> list[str]:
    return [b["data-code"] for b in row["blocks"] if "data-code" in b]


def luminance(hex_color: str) -> float:
    v = [int(hex_color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    v = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in v]
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize(
    "name",
    [
        "duration_distribution",
        "emergency_terms",
        "minimum_terms",
        "penalty_jail",
        "penalty_fine",
        "offense_level",
        "transmission_deadlines",
    ],
)
def test_a_unit_chart_has_one_block_per_jurisdiction_with_its_code(df, name):
    chart = parse(draw(getattr(topics, name)(df)))
    blocks = [b for r in chart.rows for b in r["blocks"]]
    assert sorted(b["data-code"] for b in blocks) == sorted(STATE_NAMES)
    assert all(b["text"] == b["data-code"] for b in blocks)
    assert "Source: Table 32" in "".join(chart.text)


def test_offence_rows_hold_exactly_the_jurisdictions_at_each_level(df):
    chart = parse(draw(topics.offense_level(df)))
    by_label = {r["label"].strip(): sorted(codes(r)) for r in chart.rows}
    for code in df.violation_offense_level.dropna().unique():
        want = sorted(df.state_code[df.violation_offense_level == code])
        assert any(got == want for got in by_label.values()), code
    # Every codebook level has its row, even with no jurisdiction.
    assert len(chart.rows) == len(OFFENSE_LEVEL_CODES)


def test_deadline_blocks_take_their_deadline_s_colour_and_readable_ink(df):
    chart = parse(draw(topics.transmission_deadlines(df)))
    colour = {c.key: c.color for c in transmission_categories()}
    deadline = dict(zip(df.state_code, df.transmission_deadline, strict=True))
    assert len(chart.rows) == len(TRANSMISSION_CODES)
    for row in chart.rows:
        for b in row["blocks"]:
            fill = re.search(r"background-color:(#[0-9a-fA-F]{6})", b["style"]).group(1)
            ink = re.search(r";color:(#[0-9a-fA-F]{6})", b["style"]).group(1)
            assert fill.lower() == colour[deadline[b["data-code"]]].lower()
            assert ratio(fill, ink) >= 4.5, (b["data-code"], fill, ink)


def test_only_blocks_without_a_value_are_hatched(df):
    chart = parse(draw(topics.penalty_jail(df)))
    missing = set(df.state_code[df.violation_max_jail_days.isna()])
    for row in chart.rows:
        for b in row["blocks"]:
            assert ("background-image" in b["style"]) == (b["data-code"] in missing)


def test_a_block_s_tooltip_is_the_jurisdiction_and_its_own_source_words(df):
    chart = parse(draw(topics.penalty_fine(df)))
    cells = df.set_index("state_code")
    for b in (b for r in chart.rows for b in r["blocks"]):
        code = b["data-code"]
        assert b["title"].startswith(cells.state_name[code] + "\n")
        words = " ".join(cells.penalty_text[code].split()[:4])
        assert words in " ".join(b["title"].split()) or not words


def test_yes_no_rows_give_every_field_a_row_of_51_blocks(df):
    chart = parse(draw(topics.penalty_flags(df)))
    assert len(chart.rows) == len(metrics.PENALTY_FLAG_FIELDS)
    for row, field in zip(chart.rows, metrics.PENALTY_FLAG_FIELDS, strict=True):
        assert sorted(codes(row)) == sorted(STATE_NAMES)
        yes = sorted(df.state_code[df[field] == True])  # noqa: E712 - nullable booleans
        assert f"Yes {len(yes)}" in row["label"]
        assert sorted(b["data-code"] for b in row["blocks"] if "Yes" in b["title"]) == yes
    assert "Yes" in chart.legend and "Not stated" in chart.legend


def test_the_highlighted_jurisdiction_is_ringed_once_per_row(df):
    assert "po-hl" not in draw(topics.duration_distribution(df))
    units = draw(topics.highlight(topics.duration_distribution(df), "MS"))
    assert re.findall(r'po-hl" data-code="([A-Z]{2})"', units) == ["MS"]
    flags = draw(topics.highlight(topics.duration_flags(df), "MS"))
    assert re.findall(r'po-hl" data-code="([A-Z]{2})"', flags) == ["MS", "MS"]


def test_severity_bars_are_as_wide_as_each_index_and_name_the_missing(df):
    weights = {f: 1.0 for f in metrics.SEVERITY_FIELDS}
    idx = metrics.severity_index(df, weights, "skip").set_index("state_code")["index"]
    chart = parse(draw(topics.severity_index_chart(df, weights)))
    assert len(chart.rows) == len(df)
    seen = set()
    for row in chart.rows:
        (code,) = {b["data-code"] for b in row["blocks"] if "data-code" in b}
        seen.add(code)
        assert row["label"].endswith(f"({code})")
        if pd.isna(idx[code]):
            assert [b["text"] for b in row["blocks"]] == ["Not stated"]
            continue
        bar = next(b for b in row["blocks"] if "po-hbar" in b["class"].split())
        width = float(re.search(r"width:([\d.]+)%", bar["style"]).group(1))
        assert math.isclose(width, 100 * idx[code] / 108, abs_tol=0.06)
        assert row["blocks"][-1]["text"] == f"{idx[code]:.0f}"
    assert seen == set(STATE_NAMES)


def test_with_every_weight_zero_the_chart_says_so(df):
    markup = draw(topics.severity_index_chart(df, {f: 0.0 for f in metrics.SEVERITY_FIELDS}))
    assert "Every weight is 0: set at least one weight above 0." in markup


def test_source_words_are_escaped(df):
    bad = df.copy()
    bad.loc[bad.state_code == "TX", "penalty_text"] = '<script>alert("x")</script> 1 year'
    markup = draw(topics.penalty_jail(bad))
    assert "<script" not in markup and "&lt;script&gt;" in markup


def test_maps_are_not_drawn_here(df):
    assert htmlbars.figure_html(maps.duration_map(df), "ALT") is None
    assert htmlbars.figure_html(maps.duration_tiles(df), "ALT") is None
