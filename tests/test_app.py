"""The app as Streamlit runs it (AppTest): overview and profile, and a broken dataset."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core import paths
from analysis.core.schema import STATE_NAMES
from analysis.facts import load

TIMEOUT = 60


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [s.value for s in [*at.header, *at.subheader]]
    return "\n".join(str(p) for p in parts)


def test_overview_default():
    at = run_page("pages/overview.py")
    assert not at.exception
    assert at.title[0].value.startswith("How long")
    df = load.load_dataset()
    headlines = "".join(h.proto.body for h in at.get("html"))
    n_not = int((df.final_order_duration_status == "not_stated").sum())
    assert "<dt>Median cap</dt>" in headlines
    assert f'<dt>Not stated</dt><dd class="po-value">{n_not}</dd>' in headlines
    assert "not current law" in texts(at)
    # The counts table (Markdown) lists every jurisdiction once.
    table = next(m.value for m in at.markdown if m.value.startswith("| Maximum term"))
    rows = [r.split(" | ") for r in table.splitlines()[2:]]
    assert sum(int(r[1]) for r in rows) == len(df) == 51
    assert any(r[0].lstrip("| ") == "Not stated" and int(r[1]) == n_not for r in rows)


def test_overview_tiles_view_from_url():
    at = run_page("pages/overview.py", view="tiles")
    assert not at.exception
    assert at.query_params["view"] == ["tiles"] or at.query_params["view"] == "tiles"


@pytest.mark.parametrize("code", ["MS", "OR", "NJ", "DC"])
def test_profile_shows_every_section_and_the_cells(code):
    at = run_page("pages/profile.py", state=code)
    assert not at.exception
    assert at.title[0].value.startswith(STATE_NAMES[code])
    heads = [s.value for s in [*at.header, *at.subheader]]
    for h in (
        "Order duration",
        "Violation penalty",
        "Who may apply",
        "Remedies",
        "The 8 source cells, verbatim",
    ):
        assert h in heads
    if code == "MS":
        assert "Second source: WomensLaw" in heads
    else:
        assert "Second source: WomensLaw" not in heads


def test_profile_empty_cell_reads_not_stated():
    at = run_page("pages/profile.py", state="NJ")
    duration_table = at.dataframe[0].value
    row = duration_table[duration_table.Field == "Final order: maximum term"].iloc[0]
    assert row.Value == "Not stated"


def test_bad_state_param_gives_notice_not_error():
    at = run_page("pages/profile.py", state="<script>alert(1)</script>")
    assert not at.exception
    notices = " ".join(i.value for i in at.info)
    assert "Ignored" in notices and "<script>" not in notices


def test_missing_dataset_gives_clear_message(tmp_path, monkeypatch):
    shutil.copytree(paths.PROCESSED, tmp_path / "p")
    (tmp_path / "p" / paths.DATASET_CSV).unlink()
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "p")
    at = run_page("pages/overview.py")
    assert not at.exception
    msg = " ".join(e.value for e in at.error)
    assert "cannot be loaded" in msg and "python -m analysis build" in msg


def test_corrupt_dataset_gives_clear_message(tmp_path, monkeypatch):
    shutil.copytree(paths.PROCESSED, tmp_path / "p")
    (tmp_path / "p" / paths.DATASET_CSV).write_bytes(b"\x00\xff garbage")
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "p")
    at = run_page("pages/profile.py")
    assert not at.exception
    msg = " ".join(e.value for e in at.error)
    assert "python -m analysis build" in msg
