"""The app as Streamlit runs it (AppTest): overview and profile, and a broken dataset."""

import re
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
    # The map as a list: every jurisdiction once, a link to its profile, under its cap.
    links = next(h.proto.body for h in at.get("html") if "po-state-links" in h.proto.body)
    codes = re.findall(r'href="profile\?state=([A-Z]{2})"', links)
    assert sorted(codes) == sorted(df.state_code) and len(codes) == 51
    assert f"<strong>Not stated</strong> ({n_not}):" in links
    for code in df.loc[df.final_order_duration_status == "no_fixed_limit", "state_code"]:
        name = df.set_index("state_code").loc[code, "state_name"]
        block = links.split("<strong>No fixed limit</strong>")[1].split("</li>")[0]
        assert f">{name}</a>" in block


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
