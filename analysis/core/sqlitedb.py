"""The SQLite database the build writes: every CSV table, typed, with a codebook.

Generated from the declarations (analysis/core/tables.py, analysis/core/schema.py): each
table's CREATE TABLE statement carries its types, keys and a comment on every column
(SQLite keeps the statement as written, so `.schema` and Datasette show the comments);
`codebook` describes every column of every table and `about` says what the file is
(version, licence, caveat, how to cite). Values are read from the CSV bytes the build
writes, so the database holds exactly what the CSV files hold: an empty cell is NULL,
yes/no is 1/0, numbers are INTEGER or REAL.
"""

from __future__ import annotations

import sqlite3

from analysis.core import release
from analysis.core.csvfile import read_text_csv
from analysis.core.schema import Field
from analysis.core.sources import Source
from analysis.core.tables import (
    ALWAYS_STATED,
    CSV_TABLES,
    DATASET,
    SQLITE_ABOUT_COLUMNS,
    SQLITE_CODEBOOK_COLUMNS,
    TABLES_BY_NAME,
    Column,
    Table,
)
from analysis.core.texts import AS_OF_NOTE, CAVEAT, PROJECT_TITLE

SQL_TYPES = {
    "string": "TEXT",
    "category": "TEXT",
    "int": "INTEGER",
    "float": "REAL",
    "bool": "INTEGER",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def _required(table: Table, col: Field | Column) -> bool:
    if table is DATASET:
        return col.name in ALWAYS_STATED or (
            col.dtype in ("int", "float", "bool", "category") and not col.nullable
        )
    return col.required


def create_statement(table: Table) -> str:
    """CREATE TABLE for a declared table: types, NOT NULL, keys, a comment per column."""
    lines = []
    for col in table.columns:
        sql = f"  {_quote(col.name)} {SQL_TYPES[col.dtype]}"
        if _required(table, col):
            sql += " NOT NULL"
        if col.dtype == "bool":
            sql += f" CHECK ({_quote(col.name)} IN (0, 1))"
        lines.append((sql, _comment(col.help)))
    constraints = []
    if table.primary_key:
        constraints.append(f"PRIMARY KEY ({', '.join(_quote(k) for k in table.primary_key)})")
    for column, other in table.foreign_keys:
        key = ", ".join(_quote(k) for k in TABLES_BY_NAME[other].primary_key)
        constraints.append(f"FOREIGN KEY ({_quote(column)}) REFERENCES {_quote(other)} ({key})")
    body = []
    for i, (sql, comment) in enumerate(lines):
        last = i == len(lines) - 1 and not constraints
        body.append(f"{sql}{'' if last else ','} -- {comment}")
    body += [f"  {c}{',' if i < len(constraints) - 1 else ''}" for i, c in enumerate(constraints)]
    head = f"CREATE TABLE {_quote(table.name)} ( -- {_comment(table.title)}: {table.filename}"
    return head + "\n" + "\n".join(body) + "\n)"


def _simple_statement(name: str, title: str, columns: tuple[Column, ...]) -> str:
    return create_statement(Table(name, "", title, title, columns))


def _value(text: str, dtype: str) -> object:
    """A CSV cell as SQLite stores it: NULL for empty, 1/0 for true/false, numbers typed."""
    if text == "":
        return None
    if dtype == "int":
        return int(text)
    if dtype == "float":
        return float(text)
    if dtype == "bool":
        return {"true": 1, "false": 0}[text]
    return text


def codebook_rows() -> list[tuple]:
    """One row per column of every CSV table: what `codebook` holds."""
    rows = []
    for table in CSV_TABLES:
        for i, col in enumerate(table.columns, start=1):
            rows.append(
                (
                    table.name,
                    col.name,
                    i,
                    col.dtype,
                    getattr(col, "unit", "") or None,
                    getattr(col, "label", "") or None,
                    col.help,
                    ", ".join(col.codes) if col.dtype == "category" and col.codes else None,
                    int(_required(table, col)),
                )
            )
    return rows


def about_rows(sources: dict[str, Source], ver: str) -> list[tuple[str, str]]:
    """What the database is: title, version, licence, caveat, how to cite, sources."""
    lic = release.DATA_LICENCE
    rows = [
        ("title", PROJECT_TITLE),
        ("version", ver),
        ("released", release.released(ver) or "not yet released"),
        ("id", release.DATASET_ID),
        ("licence", f"{lic.title} ({lic.spdx}), {lic.url}. Covers: {lic.covers}"),
        ("quoted source text", release.SOURCE_TERMS),
        ("caveat", CAVEAT),
        ("as of", AS_OF_NOTE),
        ("how to cite", release.dataset_citation(sources, ver)),
    ]
    rows += [(f"source: {s.filename}", f"{s.title}; sha256 {s.sha256}") for s in sources.values()]
    return rows


def database_bytes(files: dict[str, bytes], sources: dict[str, Source], ver: str) -> bytes:
    """The database of the CSV tables in `files` (their bytes, by file name)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("PRAGMA foreign_keys = ON")
        for table in CSV_TABLES:
            con.execute(create_statement(table))
            frame = read_text_csv(files[table.filename])
            types = [c.dtype for c in table.columns]
            cols = ", ".join(_quote(c) for c in table.column_names)
            marks = ", ".join("?" for _ in table.columns)
            con.executemany(
                f"INSERT INTO {_quote(table.name)} ({cols}) VALUES ({marks})",
                (
                    tuple(_value(v, t) for v, t in zip(row, types, strict=True))
                    for row in frame[list(table.column_names)].itertuples(index=False)
                ),
            )
        con.execute(
            _simple_statement("codebook", "Every column of every table", SQLITE_CODEBOOK_COLUMNS)
        )
        con.executemany(
            f"INSERT INTO codebook VALUES ({', '.join('?' for _ in SQLITE_CODEBOOK_COLUMNS)})",
            codebook_rows(),
        )
        con.execute(_simple_statement("about", "What this database is", SQLITE_ABOUT_COLUMNS))
        con.executemany("INSERT INTO about VALUES (?, ?)", about_rows(sources, ver))
        con.commit()
        return con.serialize()
    finally:
        con.close()
