"""The app's caches keep a page's script short without ever showing stale or mixed-up values.

Page scripts are budgeted at 50 ms median (README, Performance); these tests check the
three things that buy that time do not cost correctness: the data's version is read once
per run but again on every new run, a weighted severity index is cached per choice of
weights, and a table's HTML is reused only for the very same (shared, read-only) frame.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.app import cache, widgets
from analysis.core import paths
from analysis.facts import load
from tests.conftest import html_tables, run_page


@pytest.fixture
def stamp_reads(monkeypatch):
    """How many times the processed files were stat-ed for their version."""
    reads = []
    real = load.data_stamp

    def counting(*args, **kwargs):
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "data_stamp", counting)
    return reads


@pytest.mark.parametrize("page", ["pages/penalties.py", "pages/duration.py", "pages/profile.py"])
def test_a_page_reads_the_data_version_once_per_run_and_again_on_the_next(page, stamp_reads):
    at = run_page(page)
    assert not at.exception
    assert len(stamp_reads) == 1  # a dozen cached calls in the run, one read of the files
    at.run()
    assert len(stamp_reads) == 2  # a rebuild between two runs is noticed on the second


def test_a_rebuilt_file_is_noticed_on_the_very_next_run(tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, processed)
    monkeypatch.setattr(paths, "PROCESSED", processed)
    at = run_page("pages/profile.py", state="MS")
    assert not at.exception and not at.error
    (processed / paths.DATASET_CSV).write_bytes(b"\x00\xff garbage")
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "python -m analysis build" in shown  # noticed on the very next run


def _index_of(at: AppTest, state: str) -> str:
    for table in html_tables(at):
        if {"State", "Index", "Components stated"} <= set(table.columns):
            return table.loc[table["State"] == state, "Index"].item()
    raise AssertionError("no severity table")


def test_the_severity_index_follows_each_choice_of_weights():
    default = run_page("pages/penalties.py")
    jail_only = run_page(
        "pages/penalties.py",
        w_violation_max_fine_usd="0",
        w_violation_offense_level="0",
        w_mandatory_min_jail="0",
        w_repeat_violation_felony="0",
    )
    again = run_page("pages/penalties.py")
    for at in (default, jail_only, again):
        assert not at.exception
    # Kansas: a first violation is a misdemeanor with a jail term; its index moves when
    # only the jail term counts, and the default weights give the default index again.
    assert _index_of(default, "Kansas") != _index_of(jail_only, "Kansas")
    assert _index_of(again, "Kansas") == _index_of(default, "Kansas")


def test_a_tables_html_is_reused_only_for_the_same_frame():
    frame = pd.DataFrame({"State": ["Alabama"], "Value": ["1 year"]})
    first = widgets._table_html(frame, ("Caption", (), (), None, (), ()))
    assert widgets._table_html(frame, ("Caption", (), (), None, (), ())) is first
    # Another caption, or another frame with other values, is written out anew.
    other_caption = widgets._table_html(frame, ("Other", (), (), None, (), ()))
    assert "Other" in other_caption and "Caption" not in other_caption
    changed = pd.DataFrame({"State": ["Alaska"], "Value": ["No fixed limit"]})
    html = widgets._table_html(changed, ("Caption", (), (), None, (), ()))
    assert "Alaska" in html and "Alabama" not in html
    assert re.search(r"<caption[^>]*>\s*Caption", html)


def test_every_page_leaves_the_shared_data_frames_as_they_were_loaded():
    """cache.dataset() and cache.evidence() are one frame for every session (read-only by
    contract): drawing every page, with filters and a highlight, writes nothing into them."""
    at = run_page("pages/explore.py", fees_waived="yes", q="registry", state="MS")
    assert not at.exception
    shared = (cache.dataset(), cache.evidence())
    for page, params in [
        ("pages/overview.py", {}),
        ("pages/duration.py", {"state": "TX"}),
        ("pages/penalties.py", {"w_violation_max_jail_days": "5", "missing": "zero"}),
        ("pages/transmission.py", {"transmission_deadline": "immediate"}),
        ("pages/explore.py", {"final_order_max_months": "24-60", "q": "registry"}),
        ("pages/profile.py", {"state": "MS"}),
        ("pages/compare.py", {"states": "MS,AL,TN"}),
        ("pages/view_3d.py", {"field": "remedy_firearms"}),
        ("pages/export.py", {}),
        ("pages/methods.py", {"field": "fees_waived"}),
    ]:
        assert not run_page(page, **params).exception, page
    assert cache.dataset() is shared[0] and cache.evidence() is shared[1]  # still shared
    pd.testing.assert_frame_equal(shared[0], load.load_dataset())
    pd.testing.assert_frame_equal(shared[1], load.load_evidence())
