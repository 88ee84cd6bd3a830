"""Shared fixtures: the real raw table, a fresh build, and copies of the inputs to corrupt."""

from __future__ import annotations

import html
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.build import pipeline, segment, source
from analysis.core import paths


@pytest.fixture(scope="session")
def table() -> segment.Table:
    text = source.read_raw(paths.TABLE_FILE)
    return segment.parse_table(text, paths.RAW / paths.TABLE_FILE, segment.load_segmentation())


@pytest.fixture(scope="session")
def rows_by_state(table):
    return {r.state_code: r for r in table.rows}


@pytest.fixture(scope="session")
def fresh_build() -> pipeline.BuildResult:
    return pipeline.build_frames()


@pytest.fixture(scope="session")
def dataset(fresh_build):
    return fresh_build.dataset.set_index("state_code", drop=False)


@pytest.fixture()
def inputs_copy(tmp_path: Path) -> pipeline.BuildInputs:
    """A private copy of every build input, safe to corrupt."""
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    reviewed = tmp_path / "reviewed"
    shutil.copytree(paths.REVIEWED, reviewed)
    sources = tmp_path / "sources.json"
    shutil.copy(paths.SOURCES_FILE, sources)
    return pipeline.BuildInputs(
        raw_dir=raw,
        sources_file=sources,
        segmentation_file=reviewed / "segmentation.csv",
        reviewed_file=reviewed / "reviewed_values.csv",
    )


def chart_data(at) -> list[dict]:
    """What the light chart component was given for each chart (figure, bundles, alt, ...)."""
    return [
        json.loads(el.proto.json)
        for el in at.get("bidi_component")
        if el.proto.component_name.endswith("po_chart")
    ]


def inline_html(at) -> list[str]:
    """The figures drawn on the server (maps, tile grid, bar charts) an AppTest run put in
    the page, in page order, as the markup the inline figure component was given."""
    return [
        json.loads(el.proto.json)["html"]
        for el in at.get("bidi_component")
        if el.proto.component_name.endswith("po_inline")
    ]


def map_html(at) -> list[str]:
    """The server-drawn maps and tile grids (analysis/figures/svgmap) of an AppTest run."""
    return [h for h in inline_html(at) if h.startswith('<figure class="po-map')]


def bar_html(at) -> list[str]:
    """The server-drawn bar and unit charts (analysis/figures/htmlbars) of an AppTest run."""
    return [h for h in inline_html(at) if h.startswith('<figure class="po-bars')]


class _Tables(HTMLParser):
    """The po-table tables (core/markup.html_table) in a piece of HTML, as lists of rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.captions: list[str] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "po-table") in attrs:
            self.tables.append([])
            self.captions.append("")
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag == "caption":
            self._caption = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.captions[-1] = "".join(self._caption)
            self._caption = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def html_tables(at) -> list[pd.DataFrame]:
    """The small tables an AppTest run drew as HTML (widgets.table), as DataFrames of text;
    each carries its caption in .attrs["caption"]."""
    out = []
    for el in at.get("html"):
        parser = _Tables()
        parser.feed(el.proto.body)
        for rows, caption in zip(parser.tables, parser.captions, strict=True):
            frame = pd.DataFrame(rows[1:], columns=rows[0])
            frame.attrs["caption"] = caption
            out.append(frame)
    return out


def preformatted(at) -> list[str]:
    """The text of every widgets.preformatted block, unescaped."""
    return [
        html.unescape(el.proto.body.split(">", 1)[1].rsplit("</pre>", 1)[0])
        for el in at.get("html")
        if el.proto.body.startswith("<pre class='po-pre'")
    ]


APP_TIMEOUT = 60  # seconds for one AppTest run of a page (dashboard.py and the page)


def run_page(page: str, **params: str) -> AppTest:
    """Run `page` (e.g. "pages/penalties.py") through dashboard.py, with query parameters."""
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=APP_TIMEOUT)
    at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()
