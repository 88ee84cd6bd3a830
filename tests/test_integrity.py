"""Processed data that cannot drift: every file is checked against the sha256 the build
recorded (SHA256SUMS) and refused, with its name, the problem and the rebuild command,
when it is not what the build wrote. The app shows the same message (tests/test_app.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.core import checksums, paths, tables
from analysis.core.csvfile import csv_bytes, read_text_csv
from analysis.facts import load

FILES = [n for n in tables.PROCESSED_FILES if n != tables.CHECKSUMS_FILE]


@pytest.fixture()
def processed(tmp_path: Path) -> Path:
    out = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, out)
    return out


def resign(folder: Path) -> None:
    """Re-sign SHA256SUMS after a hand edit, as someone covering their tracks would."""
    files = {n: (folder / n).read_bytes() for n in FILES}
    (folder / tables.CHECKSUMS_FILE).write_bytes(checksums.manifest(files))


def edit_dataset(folder: Path, code: str, column: str, value: str) -> None:
    path = folder / tables.DATASET.filename
    df = read_text_csv(path.read_bytes())
    df.loc[df.state_code == code, column] = value
    path.write_bytes(csv_bytes(df))


def refusal(folder: Path) -> load.DataUnavailable:
    with pytest.raises(load.DataUnavailable) as info:
        load.verify_processed(folder)
    return info.value


def assert_says_file_problem_command(exc: load.DataUnavailable, name: str, tmp: Path) -> None:
    msg = str(exc)
    assert msg.startswith(f"data/processed/{name}: "), msg
    assert load.REBUILD_COMMAND in msg
    assert str(tmp) not in msg and "/work/" not in msg and str(paths.ROOT) not in msg
    assert not exc.problem.rstrip().endswith(("{", "[", ":")), msg


def test_the_committed_files_match_their_recorded_checksums():
    recorded = load.recorded_checksums()
    assert set(recorded) == set(FILES)
    for name, digest in recorded.items():
        assert checksums.sha256((paths.PROCESSED / name).read_bytes()) == digest
    load.verify_processed()


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("damage", ["missing", "one byte changed", "garbage", "empty"])
def test_every_processed_file_changed_after_the_build_is_refused(processed, tmp_path, name, damage):
    path = processed / name
    if damage == "missing":
        path.unlink()
    elif damage == "one byte changed":
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff{not a data file\n")
    else:
        path.write_bytes(b"")
    exc = refusal(processed)
    assert exc.path.name == name
    assert_says_file_problem_command(exc, name, tmp_path)
    assert ("missing" if damage == "missing" else "sha256") in exc.problem


def test_mississippi_maximum_edited_by_hand_is_refused(processed, tmp_path):
    # The case: 36 months made 60 beside the words "maximum 3 years".
    df = load.load_dataset(processed).set_index("state_code")
    assert df.at["MS", "final_order_max_months"] == 36
    edit_dataset(processed, "MS", "final_order_max_months", "60")
    exc = refusal(processed)
    assert_says_file_problem_command(exc, tables.DATASET.filename, tmp_path)
    assert "sha256" in exc.problem
    # Re-signing the checksums does not make it data: it disagrees with its evidence.
    resign(processed)
    exc = refusal(processed)
    assert_says_file_problem_command(exc, tables.DATASET.filename, tmp_path)
    assert "MS final_order_max_months is '60'" in exc.problem and "'36'" in exc.problem


def test_a_renamed_state_is_refused_even_with_checksums_re_signed(processed, tmp_path):
    edit_dataset(processed, "MS", "state_name", "Missisippi")
    assert "sha256" in refusal(processed).problem
    resign(processed)
    exc = refusal(processed)
    assert_says_file_problem_command(exc, tables.DATASET.filename, tmp_path)
    assert "name and FIPS code" in exc.problem


def test_garbage_agreement_file_re_signed_names_the_file(processed, tmp_path):
    (processed / tables.SOURCE_AGREEMENT.filename).write_bytes(b"\x00\x01\x02,\n{{{")
    resign(processed)
    with pytest.raises(load.DataUnavailable) as info:
        load.load_agreement(processed)
    assert_says_file_problem_command(info.value, tables.SOURCE_AGREEMENT.filename, tmp_path)


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "missing"),
        (b"", "lists no file"),
        (b"not a checksum line\n", "line 1 is not"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_missing_or_broken_checksum_list_is_refused(processed, tmp_path, content, problem):
    path = processed / tables.CHECKSUMS_FILE
    if content is None:
        path.unlink()
    else:
        path.write_bytes(content)
    exc = refusal(processed)
    assert_says_file_problem_command(exc, tables.CHECKSUMS_FILE, tmp_path)
    assert problem in exc.problem


def test_a_checksum_list_that_leaves_a_file_out_is_refused(processed, tmp_path):
    path = processed / tables.CHECKSUMS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if "evidence.csv" not in x), encoding="utf-8")
    exc = refusal(processed)
    assert_says_file_problem_command(exc, tables.CHECKSUMS_FILE, tmp_path)
    assert "evidence.csv is not listed" in exc.problem


def test_sha256sum_can_check_the_list():
    # The list is in sha256sum's own format, so an operator can check it without Python.
    text = (paths.PROCESSED / tables.CHECKSUMS_FILE).read_text(encoding="utf-8")
    assert all(line[64:66] == "  " for line in text.splitlines())
    done = subprocess.run(
        ["sha256sum", "--check", tables.CHECKSUMS_FILE],
        cwd=paths.PROCESSED,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(FILES)
