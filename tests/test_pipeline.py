"""The build: reproducible, atomic, and loud about malformed input."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.build import pipeline
from analysis.core import paths, tables
from analysis.core.errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def _binary_content(name: str, data: bytes):
    """What a binary copy holds, independent of the library version that wrote it."""
    if name.endswith(".parquet"):
        return pd.read_parquet(io.BytesIO(data))
    if name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(data))
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book}
    con = sqlite3.connect(":memory:")
    con.deserialize(data)
    return list(con.iterdump())


def _without_binary_checksums(desc: dict) -> dict:
    binary = {f.filename for f in tables.DATA_FILES}
    return {
        **desc,
        "resources": [
            {k: v for k, v in r.items() if r["path"] not in binary or k not in ("bytes", "hash")}
            for r in desc["resources"]
        ],
    }


def test_committed_processed_files_equal_a_fresh_build(fresh_build):
    """Text files byte for byte; the Parquet, XLSX and SQLite copies by content (their
    bytes carry the writing library's version, so a build with other versions of pyarrow,
    openpyxl or SQLite writes the same content in other bytes)."""
    binary = {f.filename for f in tables.DATA_FILES}
    for name, data in fresh_build.files.items():
        committed = paths.PROCESSED / name
        assert committed.exists(), f"{name} is not committed; run python -m analysis build"
        if name in binary:
            want, got = _binary_content(name, committed.read_bytes()), _binary_content(name, data)
            if isinstance(want, pd.DataFrame):
                pd.testing.assert_frame_equal(want, got)
            else:
                assert want == got, f"{name} holds other values than a fresh build"
        elif name == paths.DATAPACKAGE_JSON:
            assert _without_binary_checksums(
                json.loads(committed.read_bytes())
            ) == _without_binary_checksums(json.loads(data)), f"{name} differs from a fresh build"
        elif name == tables.CHECKSUMS_FILE:
            # The digests of the binary copies (and of the package that lists them) follow
            # their bytes; every other file's digest must be the same.
            varies = binary | {paths.DATAPACKAGE_JSON}
            assert _stable_sums(committed.read_bytes(), varies) == _stable_sums(data, varies)
            assert set(committed.read_text("utf-8").split()[1::2]) == set(
                data.decode("utf-8").split()[1::2]
            )
        else:
            assert committed.read_bytes() == data, f"{name} differs from a fresh build"


def _stable_sums(manifest: bytes, varies: set[str]) -> list[str]:
    return [
        line
        for line in manifest.decode("utf-8").splitlines()
        if line.split()[-1].lstrip("*") not in varies
    ]


def test_raw_sources_are_the_seeds_byte_for_byte_with_recorded_checksums():
    sources = json.loads(paths.SOURCES_FILE.read_text(encoding="utf-8"))
    assert set(sources) == {paths.TABLE_FILE, paths.WOMENSLAW_FILE}
    for name, rec in sources.items():
        data = (paths.RAW / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == rec["sha256"]
        if SEEDS.exists():
            assert data == (SEEDS / name).read_bytes()
        assert rec["title"]
    assert sources[paths.WOMENSLAW_FILE]["as_of"] == "2012-11-26"
    assert sources[paths.TABLE_FILE]["as_of"] is None
    assert "undated" in sources[paths.TABLE_FILE]["as_of_note"].lower()


def test_build_command_writes_into_a_folder_and_exits_zero(tmp_path):
    result = pipeline.build(out_dir=tmp_path)
    assert (tmp_path / paths.DATASET_CSV).read_bytes() == result.files[paths.DATASET_CSV]
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_build_reports_and_succeeds(tmp_path):
    # Into a folder of its own (PO_PROCESSED_DIR): a test never rewrites the committed
    # files, which other tests read at the same time and a build with other library
    # versions would write in other bytes.
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PO_PROCESSED_DIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "51 jurisdictions" in proc.stdout
    assert (tmp_path / paths.DATASET_CSV).read_bytes() == (
        paths.PROCESSED / paths.DATASET_CSV
    ).read_bytes()


def _table(inputs) -> Path:
    return inputs.raw_dir / paths.TABLE_FILE


def _lines(inputs) -> list[str]:
    return _table(inputs).read_text(encoding="utf-8").split("\n")


def _write_lines(inputs, lines):
    _table(inputs).write_text("\n".join(lines), encoding="utf-8")


def _data_line_numbers(inputs) -> list[int]:
    lines = _lines(inputs)
    start = lines.index("Table 32: Protective Orders")
    return [
        i
        for i in range(start + 2, len(lines))
        if lines[i].strip() and not lines[i].startswith("Code Section")
    ]


def _drop_row(inputs):
    lines = _lines(inputs)
    del lines[_data_line_numbers(inputs)[20]]
    _write_lines(inputs, lines)


def _extra_row(inputs):
    lines = _lines(inputs)
    lines.append(lines[_data_line_numbers(inputs)[0]].replace("30-5-1", "99-9-9"))
    _write_lines(inputs, lines)


def _duplicate_row(inputs):
    lines = _lines(inputs)
    n = _data_line_numbers(inputs)[10]
    lines.insert(n + 1, lines[n])
    _write_lines(inputs, lines)


def _swap_rows(inputs):
    lines = _lines(inputs)
    a, b = _data_line_numbers(inputs)[3:5]
    lines[a], lines[b] = lines[b], lines[a]
    _write_lines(inputs, lines)


def _change_header(inputs):
    lines = _lines(inputs)
    n = lines.index("Table 32: Protective Orders") + 1
    lines[n] = lines[n].replace("Fees Waived?", "Fees?")
    _write_lines(inputs, lines)


def _truncate(inputs):
    data = _table(inputs).read_bytes()
    _table(inputs).write_bytes(data[: len(data) // 2])


def _empty(inputs):
    _table(inputs).write_bytes(b"")


def _binary(inputs):
    _table(inputs).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)))


def _wrong_encoding(inputs):
    text = _table(inputs).read_text(encoding="utf-8")
    _table(inputs).write_bytes(text.encode("utf-16"))


def _latin1(inputs):
    text = _table(inputs).read_text(encoding="utf-8")
    _table(inputs).write_bytes(text.encode("latin-1", errors="replace"))


def _rerecord_checksum(inputs):
    """Accept the changed source as a reviewer would: update its checksum record."""
    sources = json.loads(inputs.sources_file.read_text(encoding="utf-8"))
    data = _table(inputs).read_bytes()
    rec = sources[paths.TABLE_FILE]
    rec["sha256"] = hashlib.sha256(data).hexdigest()
    rec["line_sha256_prefixes"] = [hashlib.sha256(x).hexdigest()[:12] for x in data.split(b"\n")]
    rec["line_count"] = len(rec["line_sha256_prefixes"])
    inputs.sources_file.write_text(json.dumps(sources), encoding="utf-8")


def _reviewed_cell_changed(inputs):
    # Georgia's duration cell no longer says "for up to one year": its review must fail,
    # even after the new source's checksum has been accepted.
    lines = _lines(inputs)
    n = next(i for i in _data_line_numbers(inputs) if lines[i].startswith("19-13-1"))
    lines[n] = lines[n].replace("for up to one year", "for up to two years")
    _write_lines(inputs, lines)
    _rerecord_checksum(inputs)


def _reviewed_cell_value_changed(inputs):
    # "$500" becomes "$900" in Hawaii's penalty cell, whose reviewed maximum fine is $500;
    # the reviewed evidence ("$150-500 if domestic abuse") is still there word for word, so
    # only the cell's digest can tell.
    lines = _lines(inputs)
    n = next(i for i in _data_line_numbers(inputs) if lines[i].startswith("586-1"))
    assert lines[n].count("$500") == 1
    lines[n] = lines[n].replace("$500", "$900")
    _write_lines(inputs, lines)
    _rerecord_checksum(inputs)


def _reviewed_cell_reworded(inputs):
    # A change of one character elsewhere in a reviewed cell (Georgia's duration cell)
    # keeps the evidence word for word: the review must still be done again.
    lines = _lines(inputs)
    n = next(i for i in _data_line_numbers(inputs) if lines[i].startswith("19-13-1"))
    cell = "any order granted under this code shall remain in effect for up to one year"
    assert cell in lines[n]
    lines[n] = lines[n].replace(cell, cell + " ", 1)
    _write_lines(inputs, lines)
    _rerecord_checksum(inputs)


def _checksum_only(inputs):
    # A change that keeps the structure intact: only the checksum can catch it.
    lines = _lines(inputs)
    lines[2] = lines[2].replace("typically used", "often used", 1)
    _write_lines(inputs, lines)


def _unknown_state(inputs):
    lines = _lines(inputs)
    n = _data_line_numbers(inputs)[50]
    lines[n] = "Guam Code 1-1" + lines[n][len("35-21-101, et seq.; 6-4-404") :]
    _write_lines(inputs, lines)


def _missing_title(inputs):
    lines = [line for line in _lines(inputs) if line != "Table 32: Protective Orders"]
    _write_lines(inputs, lines)


def _page_header_changed(inputs):
    lines = _lines(inputs)
    n = [i for i, line in enumerate(lines) if line.startswith("Code Section")][3]
    lines[n] = "Code Section Activity"
    _write_lines(inputs, lines)


MALFORMED = {
    "missing row": (_drop_row, r"missing row|out of order"),
    "extra row": (_extra_row, r"unrecognised state row|extra row"),
    "duplicated row": (_duplicate_row, r"duplicated row"),
    "rows out of order": (_swap_rows, r"out of order"),
    "changed header line": (_change_header, r"header line changed"),
    "truncated file": (_truncate, r"missing row|truncated|does not begin|should begin"),
    "empty file": (_empty, r"empty"),
    "binary bytes": (_binary, r"binary|UTF-8"),
    "wrong encoding (UTF-16)": (_wrong_encoding, r"binary|UTF-8|encoding"),
    "wrong encoding (Latin-1)": (_latin1, r"UTF-8|encoding"),
    "cell no longer matches a reviewed value": (
        _reviewed_cell_changed,
        r"GA final_order_max_months: .*review again.*line \d+",
    ),
    "reviewed cell's number changed, checksum re-signed": (
        _reviewed_cell_value_changed,
        r"HI violation_max_fine_usd: the source cell changed .*review again.*line \d+",
    ),
    "reviewed cell reworded, evidence intact": (
        _reviewed_cell_reworded,
        r"GA final_order_\w+: the source cell changed .*review again",
    ),
    "checksum mismatch": (_checksum_only, r"checksum mismatch"),
    "unrecognised state row": (_unknown_state, r"unrecognised state row"),
    "missing title": (_missing_title, r"title line"),
    "changed page header": (_page_header_changed, r"page-header"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_table_fails_naming_file_line_and_problem(inputs_copy, tmp_path, case):
    corrupt, problem = MALFORMED[case]
    out = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    corrupt(inputs_copy)
    with pytest.raises(BuildError) as info:
        pipeline.build(out_dir=out, inputs=inputs_copy)
    err = info.value
    assert err.path.endswith((".txt", ".csv"))
    assert err.line is not None and err.line >= 1, str(err)
    assert __import__("re").search(problem, err.problem), str(err)
    assert f":{err.line}:" in str(err)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before, "processed files changed after a failed build"


def test_cli_exits_nonzero_with_message_on_bad_input(tmp_path):
    # Run the real command on a copy of the project with a corrupted table.
    proj = tmp_path / "proj"
    shutil.copytree(
        ROOT, proj, ignore=shutil.ignore_patterns(".venv", ".tools", ".git", "test-artifacts")
    )
    table = proj / "data" / "raw" / paths.TABLE_FILE
    before = {p.name: p.read_bytes() for p in (proj / "data" / "processed").iterdir()}
    table.write_bytes(table.read_bytes().replace(b"Fees Waived?", b"Fees?", 1))
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build"],
        cwd=proj,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert f"{paths.TABLE_FILE}:" in proc.stderr and "header line changed" in proc.stderr
    assert "Traceback" not in proc.stderr
    after = {p.name: p.read_bytes() for p in (proj / "data" / "processed").iterdir()}
    assert after == before


def test_review_with_missing_reason_is_refused(inputs_copy):
    f = inputs_copy.reviewed_file
    f.write_text(
        f.read_text(encoding="utf-8") + "AL,remedy_animals,true,Civil contempt,\n", encoding="utf-8"
    )
    with pytest.raises(BuildError, match="needs a reason"):
        pipeline.build_frames(inputs_copy)


def test_segmentation_opening_not_found_is_refused(inputs_copy):
    f = inputs_copy.segmentation_file
    f.write_text(
        f.read_text(encoding="utf-8").replace("Civil contempt,", "Civil kontempt,", 1),
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="should begin with"):
        pipeline.build_frames(inputs_copy)
