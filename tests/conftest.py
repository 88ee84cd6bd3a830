"""Shared fixtures: the real raw table, a fresh build, and copies of the inputs to corrupt."""

from __future__ import annotations

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
