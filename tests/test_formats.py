"""The dataset in every format, each opened with its own reader and compared with the CSV.

The CSV files are the reference: read here with the standard library's csv module and
typed from the declarations (analysis/core/tables.py, schema.py), then compared with
what sqlite3, pyarrow and openpyxl read from the built files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import sqlite3
import zipfile

import openpyxl
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core import paths, release, tables
from analysis.core.schema import FIELDS
from analysis.publish import tables as publish_tables

PROCESSED = paths.PROCESSED


def csv_rows(table: tables.Table) -> list[dict[str, str]]:
    with (PROCESSED / table.filename).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0]) == list(table.column_names)
    return rows


def typed(text: str, dtype: str):
    """A CSV cell as a typed value: None for empty, numbers as numbers, yes/no as bools."""
    if text == "":
        return None
    return {
        "int": int,
        "float": float,
        "bool": lambda t: {"true": True, "false": False}[t],
    }.get(dtype, str)(text)


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b))
    return a == b


# --- Parquet -------------------------------------------------------------------------------


def test_parquet_holds_the_csv_rows_with_typed_columns():
    table = pq.read_table(PROCESSED / tables.PARQUET.filename)
    assert table.column_names == [f.name for f in FIELDS]
    kinds = {"int": {"int64"}, "float": {"double"}, "bool": {"bool"}}
    for f in FIELDS:
        want = kinds.get(f.dtype, {"string", "large_string"})
        assert str(table.schema.field(f.name).type) in want, f.name
    got = table.to_pylist()
    for row, ref in zip(got, csv_rows(tables.DATASET), strict=True):
        for f in FIELDS:
            assert same(row[f.name], typed(ref[f.name], f.dtype)) or (
                row[f.name] == ref[f.name] == ""
            ), (ref["state_code"], f.name)


def test_not_stated_is_null_in_parquet_never_zero():
    rows = {
        r["state_code"]: r
        for r in pq.read_table(PROCESSED / "protective_orders.parquet").to_pylist()
    }
    ref = {r["state_code"]: r for r in csv_rows(tables.DATASET)}
    assert ref["NJ"]["final_order_max_months"] == ""
    assert rows["NJ"]["final_order_max_months"] is None


# --- SQLite -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db():
    con = sqlite3.connect(f"file:{PROCESSED / tables.SQLITE.filename}?mode=ro", uri=True)
    yield con
    con.close()


def _sqlite_expected(text: str, dtype: str):
    v = typed(text, dtype)
    return int(v) if isinstance(v, bool) else v


@pytest.mark.parametrize("table", tables.CSV_TABLES, ids=lambda t: t.name)
def test_sqlite_table_equals_its_csv(db, table):
    cur = db.execute(f'SELECT * FROM "{table.name}"')
    assert [d[0] for d in cur.description] == list(table.column_names)
    got = cur.fetchall()
    ref = csv_rows(table)
    assert len(got) == len(ref)
    types = [c.dtype for c in table.columns]
    for row, want in zip(got, ref, strict=True):
        for value, name, dtype in zip(row, table.column_names, types, strict=True):
            expected = _sqlite_expected(want[name], dtype)
            assert same(value, expected), (table.name, name, value, expected)


def test_sqlite_declares_types_keys_and_a_comment_on_every_column(db):
    sql = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert set(sql) == {t.name for t in tables.CSV_TABLES} | {"codebook", "about"}
    for table in tables.CSV_TABLES:
        info = {r[1]: r for r in db.execute(f'PRAGMA table_info("{table.name}")')}
        for col in table.columns:
            declared = info[col.name][2]
            want = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER"}.get(col.dtype, "TEXT")
            assert declared == want, (table.name, col.name)
            # Each column's line of the CREATE TABLE carries its description as a comment.
            line = next(
                li for li in sql[table.name].splitlines() if li.strip().startswith(f'"{col.name}"')
            )
            assert "-- " + col.description.split(".")[0] in " ".join(line.split())
        pk = [r[1] for r in sorted(info.values(), key=lambda r: r[5]) if r[5]]
        assert pk == list(table.primary_key)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = db.execute("PRAGMA foreign_key_list(evidence)").fetchall()
    assert [(f[2], f[3], f[4]) for f in fks] == [("protective_orders", "state_code", "state_code")]


def test_sqlite_codebook_describes_every_column_of_every_table(db):
    rows = db.execute(
        "SELECT table_name, column_name, type, description FROM codebook ORDER BY rowid"
    ).fetchall()
    want = [(t.name, c.name, c.dtype) for t in tables.CSV_TABLES for c in t.columns]
    assert [r[:3] for r in rows] == want
    by = {(r[0], r[1]): r[3] for r in rows}
    for f in FIELDS:
        assert by[("protective_orders", f.name)].startswith(f.description)


def test_sqlite_about_names_the_version_licence_and_caveat(db):
    about = dict(db.execute("SELECT key, value FROM about"))
    assert about["version"] == release.version()
    assert "CC-BY-4.0" in about["licence"] and "not current law" in about["caveat"]
    assert "terms of use are unknown" in about["quoted source text"]
    assert f"version {release.version()}" in about["how to cite"]


def test_sqlite_answers_a_question_as_the_csv_does(db):
    ref = csv_rows(tables.DATASET)
    felony = sorted(r["state_code"] for r in ref if r["repeat_violation_felony"] == "true")
    got = [
        r[0]
        for r in db.execute(
            "SELECT state_code FROM protective_orders WHERE repeat_violation_felony = 1 ORDER BY 1"
        )
    ]
    assert got == felony and felony


# --- XLSX ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(PROCESSED / tables.XLSX.filename, read_only=True)


def _sheet_rows(ws) -> tuple[list, list[tuple]]:
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


@pytest.mark.parametrize(
    ("sheet", "table"), [("data", tables.DATASET), ("evidence", tables.EVIDENCE)]
)
def test_xlsx_sheet_equals_its_csv(book, sheet, table):
    header, rows = _sheet_rows(book[sheet])
    assert header == list(table.column_names)
    ref = csv_rows(table)
    assert len(rows) == len(ref)
    types = [c.dtype for c in table.columns]
    for row, want in zip(rows, ref, strict=True):
        for value, name, dtype in zip(row, table.column_names, types, strict=True):
            expected = typed(want[name], dtype)
            assert (
                same(value, expected)
                and type(value) is type(expected)
                or (
                    isinstance(expected, float)
                    and isinstance(value, int | float)
                    and same(value, expected)
                )
            ), (sheet, name, value, expected)


def test_xlsx_names_version_licence_and_how_to_cite(book):
    assert list(book.sheetnames) == list(tables.XLSX_SHEETS)
    _, rows = _sheet_rows(book["sources & how to cite"])
    items = {k: v for k, v in rows if k}
    assert items["Version"].startswith(release.version())
    assert "CC-BY-4.0" in items["Licence (data)"]
    assert "unknown" in items["Licence (quoted source text)"]
    assert f"version {release.version()}" in items["How to cite"]
    assert release.ACCESS_DATE in items["How to cite"]


# --- The data package lists every file ----------------------------------------------------


def test_data_package_lists_every_processed_file_with_its_checksum():
    desc = json.loads((PROCESSED / paths.DATAPACKAGE_JSON).read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in desc["resources"]}
    on_disk = {
        p.name
        for p in PROCESSED.iterdir()
        # SHA256SUMS lists the package's files (and the package) itself, so not in it.
        if p.name not in (paths.DATAPACKAGE_JSON, paths.DICTIONARY_MD, tables.CHECKSUMS_FILE)
    }
    assert set(listed) == on_disk
    for name, r in listed.items():
        data = (PROCESSED / name).read_bytes()
        assert r["bytes"] == len(data) and r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert {listed[f.filename]["format"] for f in tables.DATA_FILES} == {
        "parquet",
        "xlsx",
        "sqlite",
    }


def test_data_dictionary_lists_every_format_and_the_database_tables():
    text = (PROCESSED / paths.DICTIONARY_MD).read_text(encoding="utf-8")
    for f in tables.DATA_FILES:
        assert f"`{f.filename}`" in text
    for c in (*tables.SQLITE_CODEBOOK_COLUMNS, *tables.SQLITE_ABOUT_COLUMNS):
        assert f"`{c.name}`" in text


# --- Downloads -------------------------------------------------------------------------


def test_zip_bundle_carries_every_file_the_licences_citation_and_changelog():
    with zipfile.ZipFile(io.BytesIO(publish_tables.datapackage_zip())) as z:
        names = set(z.namelist())
        desc = json.loads(z.read(paths.DATAPACKAGE_JSON))
        for r in desc["resources"]:
            assert hashlib.sha256(z.read(r["path"])).hexdigest() == r["hash"].split(":")[1]
        assert z.read("LICENSE-DATA") == (paths.ROOT / "LICENSE-DATA").read_bytes()
        assert z.read("CITATION.cff") == (paths.ROOT / "CITATION.cff").read_bytes()
        notice = z.read("LICENSE.md").decode("utf-8")
    assert {"LICENSE-DATA", "LICENSE.md", "CITATION.cff", "CHANGELOG.md"} <= names
    assert "CC-BY-4.0" in notice and "unknown" in notice and desc["version"] in notice


def test_downloads_page_offers_every_format_with_the_licence():
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/export.py")
    at.run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    for words in ("CSV", "XLSX", "Parquet", "SQLite", "datapackage.json", "ZIP"):
        assert any(words in label for label in labels), words
    captions = " ".join(c.value for c in at.caption)
    assert "CC-BY-4.0" in captions and f"Version {release.version()}" in captions


def test_the_downloads_serve_the_built_files():
    assert publish_tables.dataset_xlsx() == (PROCESSED / tables.XLSX.filename).read_bytes()
    assert publish_tables.dataset_parquet() == (PROCESSED / tables.PARQUET.filename).read_bytes()
    assert publish_tables.dataset_sqlite() == (PROCESSED / tables.SQLITE.filename).read_bytes()
