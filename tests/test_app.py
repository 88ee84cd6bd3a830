"""The app as Streamlit runs it (AppTest): overview and profile, and a broken dataset."""

import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core import paths
from analysis.core.csvfile import csv_bytes, read_text_csv
from analysis.core.schema import STATE_NAMES
from analysis.facts import load
from tests.conftest import html_tables, run_page


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
    duration_table = html_tables(at)[0]
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


def _broken_copy(tmp_path, monkeypatch, damage) -> str:
    """A copy of data/processed with `damage` done to it, which the app then reads."""
    folder = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, folder)
    damage(folder)
    monkeypatch.setattr(paths, "PROCESSED", folder)
    return str(tmp_path)


def _ms_maximum_60(folder):
    # The case: Mississippi's 36 months made 60 beside "maximum 3 years".
    path = folder / paths.DATASET_CSV
    df = read_text_csv(path.read_bytes())
    assert float(df.loc[df.state_code == "MS", "final_order_max_months"].item()) == 36
    df.loc[df.state_code == "MS", "final_order_max_months"] = "60"
    path.write_bytes(csv_bytes(df))


@pytest.mark.parametrize(
    "damage, page, params, shown, problem",
    [
        (_ms_maximum_60, "pages/profile.py", {"state": "MS"}, paths.DATASET_CSV, "sha256"),
        (
            lambda f: (f / paths.STATE_NOTES_CSV).unlink(),
            "pages/profile.py",
            {"state": "MS"},
            paths.STATE_NOTES_CSV,
            "missing",
        ),
        (
            lambda f: (f / paths.SOURCE_AGREEMENT_CSV).write_bytes(b"\x00garbage{"),
            "pages/profile.py",
            {"state": "MS"},
            paths.SOURCE_AGREEMENT_CSV,
            "sha256",
        ),
        (
            lambda f: (f / paths.CHECKSUMS_FILE).unlink(),
            "pages/methods.py",
            {},
            paths.CHECKSUMS_FILE,
            "missing",
        ),
        (
            lambda f: (f / paths.DICTIONARY_MD).write_text("edited", encoding="utf-8"),
            "pages/export.py",
            {},
            paths.DICTIONARY_MD,
            "sha256",
        ),
    ],
)
def test_data_problems_name_the_file_the_problem_and_the_command(
    tmp_path, monkeypatch, damage, page, params, shown, problem
):
    tmp = _broken_copy(tmp_path, monkeypatch, damage)
    at = run_page(page, **params)
    assert not at.exception
    msg = " ".join(e.value for e in at.error)
    assert f"`data/processed/{shown}`" in msg, msg
    assert problem in msg and "python -m analysis build" in msg
    assert tmp not in msg and str(paths.ROOT) not in msg
    # Nothing of the data is shown: no title, no table.
    assert not at.title and not at.dataframe
