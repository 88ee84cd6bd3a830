"""Every file the build writes to data/processed/, declared once.

The main table's columns are the codebook (analysis.core.schema.FIELDS); the others are
declared here. From these declarations come the file names, the validation on build and
on load (analysis.core.validate), the data package (analysis.core.package), the data
dictionary (data_dictionary_markdown) and the in-app column help. A new table or column
goes here first; the rest follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.core.schema import (
    CELL_FIELDS,
    CODED_FIELDS,
    FIELDS,
    STATE_NAMES,
)

# The WomensLaw page's topics, in the page's order, with their labels.
NOTE_TOPICS: dict[str, str] = {
    "after_the_hearing": "After the hearing",
    "safety_planning": "Safety planning",
    "after_a_denial": "After a denial",
    "violation_penalty": "Violation penalty",
    "contempt": "Contempt",
    "enforcement": "Enforcement",
    "changing_or_extending": "Changing or extending",
    "statewide_validity": "Statewide validity",
    "full_faith_and_credit": "Moving out of state / Full Faith and Credit",
    "national_resources": "National resources",
}
METHODS = ("rule", "reviewed")
VERDICTS = ("agree", "disagree")
BOOL_TEXT = ("true", "false")


@dataclass(frozen=True)
class Column:
    """One column of a processed table other than the main one (those are schema.Field).

    dtype is how the text in the file reads: string, int, bool ("true"/"false"), or
    category (one of `codes`). `required`: never empty.
    """

    name: str
    dtype: str
    description: str
    codes: tuple[str, ...] = ()
    required: bool = False
    label: str = ""

    @property
    def help(self) -> str:
        return self.description + (f" Codes: {', '.join(self.codes)}." if self.codes else "")


@dataclass(frozen=True)
class Table:
    """A processed file: its name, what it holds, its columns and its keys."""

    name: str  # resource name in the data package
    filename: str
    title: str
    description: str
    columns: tuple = ()  # Column, or schema.Field for the main table
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table name) -> its key
    fmt: str = "csv"  # csv | json
    rows: int | None = None  # the exact row count, where the table has one

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


STATE_CODES = tuple(STATE_NAMES)
# Text columns of the dataset that are never empty (the coded columns say so by type).
ALWAYS_STATED = ("state_code", "state_name", "state_fips", "source_row")

DATASET = Table(
    "protective_orders",
    "protective_orders.csv",
    "Protective-order laws, one row per jurisdiction",
    "Table 32 coded per the codebook: the 8 source cells verbatim and "
    f"{len(CODED_FIELDS)} coded fields. Empty numeric or boolean cells: the source does not "
    "state the value.",
    FIELDS,
    primary_key=("state_code",),
    rows=len(STATE_NAMES),
)

EVIDENCE = Table(
    "evidence",
    "evidence.csv",
    "Evidence for every coded value",
    "One row per jurisdiction and coded field: the value, the source cell, the exact words "
    "supporting it, and how it was coded.",
    (
        Column("state_code", "category", "USPS code of the jurisdiction.", STATE_CODES, True),
        Column(
            "field", "category", "The coded column of protective_orders.csv.", CODED_FIELDS, True
        ),
        Column(
            "value", "string", "The coded value as written in protective_orders.csv (empty: null)."
        ),
        Column(
            "source_cell",
            "category",
            "The Table 32 cell (column name) the value is read from.",
            CELL_FIELDS,
            True,
        ),
        Column("cell_text", "string", "That cell, verbatim (empty: the cell is empty)."),
        Column(
            "evidence",
            "string",
            "An exact substring of the cell supporting the value; empty only where the cell "
            "is silent.",
        ),
        Column(
            "method",
            "category",
            "How the value was set: by rule, or reviewed by hand.",
            METHODS,
            True,
        ),
        Column("reason", "string", "Why, for a reviewed value."),
        Column("rule", "string", "Which rule produced the value."),
    ),
    primary_key=("state_code", "field"),
    foreign_keys=(("state_code", "protective_orders"),),
    rows=len(STATE_NAMES) * len(CODED_FIELDS),
)

STATE_NOTES = Table(
    "state_notes",
    "state_notes.csv",
    "WomensLaw Mississippi statements",
    "The WomensLaw page 'Know the Laws: Mississippi - After the hearing' (updated "
    "2012-11-26), one row per statement, with topic and citation.",
    (
        Column("state_code", "category", "USPS code (MS).", STATE_CODES, True),
        Column("statement_id", "string", "Stable id of the statement.", required=True),
        Column("topic", "category", "Topic of the statement.", tuple(NOTE_TOPICS), True),
        Column("question", "string", "The page's question heading, if any."),
        Column("statement", "string", "The statement, verbatim.", required=True),
        Column("citation", "string", "Statute cited, if any."),
        Column("source", "string", "The page.", required=True),
        Column("as_of", "string", "The page's update date (YYYY-MM-DD).", required=True),
        Column("line", "int", "Line of the raw file.", required=True),
    ),
    primary_key=("statement_id",),
    foreign_keys=(("state_code", "protective_orders"),),
)

SOURCE_AGREEMENT = Table(
    "source_agreement",
    "source_agreement.csv",
    "Where the two sources agree",
    "Fields on which both sources speak, with both values and whether they agree.",
    (
        Column("state_code", "category", "USPS code.", STATE_CODES, True),
        Column("field", "category", "The coded field.", CODED_FIELDS, True),
        Column("table_value", "string", "Value coded from Table 32 (as in protective_orders.csv)."),
        Column("table_evidence", "string", "Table 32 words."),
        Column("second_source_value", "string", "Value read from WomensLaw (same form)."),
        Column("second_source_evidence", "string", "WomensLaw words."),
        Column("citation", "string", "Statute cited."),
        Column("agrees", "bool", "true when both values are equal.", BOOL_TEXT, True),
        Column("note", "string", "Explanation."),
    ),
    primary_key=("state_code", "field"),
    foreign_keys=(("state_code", "protective_orders"),),
)

NARRATIVE_CLAIMS = Table(
    "narrative_claims",
    "narrative_claims.csv",
    "The narrative's claims, checked",
    "Each claim of Table 32's introductory narrative, checked against the coded data.",
    (
        Column("claim_id", "string", "Stable id of the claim.", required=True),
        Column("claim", "string", "The claim, word for word as in the narrative.", required=True),
        Column(
            "verdict", "category", "What the coded data say: agree or disagree.", VERDICTS, True
        ),
        Column("states", "string", "Jurisdictions concerned (USPS codes, comma-separated)."),
        Column("explanation", "string", "What the data show.", required=True),
    ),
    primary_key=("claim_id",),
)

# JSON: its "columns" are its top-level keys.
BUILD_SUMMARY = Table(
    "build_summary",
    "build_summary.json",
    "Build summary",
    "Counts by coding method, filled cells, the segmentation check of the raw table and "
    "the sources' checksums, as the build found them.",
    (
        Column("cells", "object", "Per source cell: how many jurisdictions have text in it."),
        Column("coded_fields", "int", "Coded fields per jurisdiction."),
        Column("coded_values", "int", "Coded values in all (jurisdictions x coded fields)."),
        Column("jurisdictions", "int", "Rows of the dataset."),
        Column(
            "reviewed_differing_from_rules",
            "int",
            "Reviewed values where the rules alone would give another value.",
        ),
        Column(
            "segmentation",
            "object",
            "The raw table's segmentation, checked: rows, rows reproduced by their cells, "
            "cells, empty cells, empty-cell markers (U+00A0), and the notes of "
            "data/reviewed/segmentation.csv.",
        ),
        Column("sources", "object", "Each raw source: title, as-of date and sha256."),
        Column("values_by_method", "object", "Coded values by method (rule, reviewed)."),
        Column(
            "version",
            "string",
            "The dataset version these files are (pyproject.toml; see CHANGELOG.md).",
        ),
    ),
    fmt="json",
)

DATA_DICTIONARY_MD = "data_dictionary.md"
DATAPACKAGE_JSON = "datapackage.json"
# The sha256 of every other processed file (analysis/core/checksums.py).
CHECKSUMS_FILE = "SHA256SUMS"


@dataclass(frozen=True)
class DataFile:
    """A processed file that holds tables declared here in another format (not CSV)."""

    name: str  # resource name in the data package
    filename: str
    title: str
    description: str
    fmt: str
    mediatype: str
    tables: tuple[str, ...]  # the Table names it holds


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The workbook's sheets, in order: the two data tables, then what a reader needs beside them.
XLSX_SHEETS = ("data", "evidence", "codebook", "sources & how to cite")

PARQUET = DataFile(
    "protective_orders_parquet",
    "protective_orders.parquet",
    "Protective-order laws (Parquet)",
    "The same rows and columns as protective_orders.csv, typed (integers, decimals, "
    "booleans, text): a number or yes/no the source does not state is null; an empty "
    "source cell is an empty string.",
    "parquet",
    "application/vnd.apache.parquet",
    ("protective_orders",),
)
XLSX = DataFile(
    "protective_orders_xlsx",
    "protective_orders.xlsx",
    "Protective-order laws (Excel workbook)",
    "Sheets: data (protective_orders.csv), evidence (evidence.csv), codebook, and sources & "
    "how to cite (version, licence, sources with checksums, the caveat). Yes/no values are "
    "spreadsheet booleans; not stated is an empty cell.",
    "xlsx",
    XLSX_MIME,
    ("protective_orders", "evidence"),
)
SQLITE = DataFile(
    "protective_orders_sqlite",
    "protective_orders.sqlite",
    "Protective-order laws (SQLite database)",
    "Every CSV table as an SQL table of the same name (typed columns, keys, a comment on "
    "every column in its CREATE TABLE statement), plus `codebook` (every column of every "
    "table described) and `about` (version, licence, caveat, how to cite). Yes/no values "
    "are 1/0; an empty CSV cell is NULL.",
    "sqlite",
    "application/vnd.sqlite3",
    ("protective_orders", "evidence", "state_notes", "source_agreement", "narrative_claims"),
)
DATASET_PARQUET = PARQUET.filename
DATA_FILES: tuple[DataFile, ...] = (PARQUET, XLSX, SQLITE)

# The database's two tables besides the CSV tables.
SQLITE_CODEBOOK_COLUMNS = (
    Column("table_name", "string", "The table (and CSV file name without .csv).", required=True),
    Column("column_name", "string", "The column.", required=True),
    Column("position", "int", "Its position in the table, from 1.", required=True),
    Column("type", "string", "Its type: string, int, float, bool or category.", required=True),
    Column("unit", "string", "Unit of a number (months, days, usd), if any."),
    Column("label", "string", "A short human label, if any."),
    Column("description", "string", "What it holds (its codes, what empty means).", required=True),
    Column("codes", "string", "The allowed codes of a category column, comma-separated."),
    Column("required", "bool", "1 when the column is never empty.", BOOL_TEXT, True),
)
SQLITE_ABOUT_COLUMNS = (
    Column("key", "string", "What the row says.", required=True),
    Column("value", "string", "The text.", required=True),
)

# Every table, in the order the data package and the data dictionary list them.
TABLES: tuple[Table, ...] = (
    DATASET,
    EVIDENCE,
    STATE_NOTES,
    SOURCE_AGREEMENT,
    NARRATIVE_CLAIMS,
    BUILD_SUMMARY,
)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
CSV_TABLES: tuple[Table, ...] = tuple(t for t in TABLES if t.fmt == "csv")
# Every file the build writes to data/processed/, SHA256SUMS last.
PROCESSED_FILES: tuple[str, ...] = (
    *(t.filename for t in TABLES),
    *(f.filename for f in DATA_FILES),
    DATA_DICTIONARY_MD,
    DATAPACKAGE_JSON,
    CHECKSUMS_FILE,
)


def data_dictionary_markdown() -> str:
    """The data dictionary of every processed file, generated from these declarations."""
    lines = [
        "# Data dictionary: data/processed/",
        "",
        "Generated by `python -m analysis build` from `analysis/core/tables.py` and "
        "`analysis/core/schema.py`. Do not edit. Values code Table 32 as published, not "
        "current law.",
        "",
    ]
    for t in TABLES:
        lines += [f"## {t.filename}", "", f"{t.title}. {t.description}", ""]
        if t.primary_key:
            lines += [f"Key: {', '.join(f'`{k}`' for k in t.primary_key)}.", ""]
        if t is DATASET:
            lines += [
                "| column | type | unit | label | description | codes |",
                "|---|---|---|---|---|---|",
            ]
            for f in FIELDS:
                dtype = f.dtype + (" (nullable)" if f.nullable else "")
                desc = f.description.replace("|", "\\|")
                lines.append(
                    f"| `{f.name}` | {dtype} | {f.unit} | {f.label} | {desc} | "
                    f"{', '.join(f.codes)} |"
                )
        else:
            lines += ["| column | type | required | description | codes |", "|---|---|---|---|---|"]
            for c in t.columns:
                codes = ", ".join(c.codes) if len(c.codes) <= 12 else f"{len(c.codes)} codes"
                desc = c.description.replace("|", "\\|")
                lines.append(
                    f"| `{c.name}` | {c.dtype} | {'yes' if c.required else ''} | {desc} | {codes} |"
                )
        lines.append("")
    lines += ["## The same tables in other formats", ""]
    lines += ["| file | holds | |", "|---|---|---|"]
    for f in DATA_FILES:
        holds = ", ".join(f"`{TABLES_BY_NAME[n].filename}`" for n in f.tables)
        lines.append(f"| `{f.filename}` | {holds} | {f.description.replace('|', chr(92) + '|')} |")
    lines += ["", f"Tables of `{SQLITE.filename}` besides the CSV tables:", ""]
    for table_name, cols in (
        ("codebook", SQLITE_CODEBOOK_COLUMNS),
        ("about", SQLITE_ABOUT_COLUMNS),
    ):
        lines += [f"`{table_name}`:", "", "| column | type | description |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {c.description} |" for c in cols]
        lines.append("")
    return "\n".join(lines)
