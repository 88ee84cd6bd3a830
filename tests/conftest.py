"""Shared fixtures: the real raw table, a fresh build, and copies of the inputs to corrupt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

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


def chart_specs(at) -> list[dict]:
    """The figures an AppTest run drew, in page order, as plotly.js JSON: those of the light
    chart component (analysis/app/lightchart.py) and of any st.plotly_chart fallback."""
    specs = []
    for el in at.get("bidi_component"):
        if el.proto.component_name.endswith("po_chart"):
            specs.append(json.loads(json.loads(el.proto.json)["figure"]))
    specs += [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return specs


def chart_data(at) -> list[dict]:
    """What the light chart component was given for each chart (figure, bundles, alt, ...)."""
    return [
        json.loads(el.proto.json)
        for el in at.get("bidi_component")
        if el.proto.component_name.endswith("po_chart")
    ]
