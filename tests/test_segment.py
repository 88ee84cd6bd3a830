"""Segmentation: 51 rows, 8 cells each, lossless, each row's jurisdiction confirmed."""

import re

import pytest

from analysis.core import paths
from analysis.core.schema import CELL_FIELDS, CELL_HEADERS, JURISDICTIONS

RAW_TEXT = (paths.RAW / paths.TABLE_FILE).read_text(encoding="utf-8")
# The data rows as a reader sees them: lines after the title that are not page headers.
_after_title = RAW_TEXT.split("Table 32: Protective Orders\n", 1)[1].split("\n")
READER_ROWS = [
    line for line in _after_title[1:] if line.strip() and not line.startswith("Code Section")
]


def test_reader_sees_51_rows_and_parser_finds_them_all(table):
    assert len(READER_ROWS) == 51
    assert [r.text for r in table.rows] == READER_ROWS


def test_rows_follow_source_order_with_dc_between_delaware_and_florida(table):
    codes = [r.state_code for r in table.rows]
    assert codes == [c for c, _, _ in JURISDICTIONS]
    assert codes.index("DC") == codes.index("DE") + 1 == codes.index("FL") - 1
    assert [r.source_row for r in table.rows] == list(range(1, 52))


@pytest.mark.parametrize("i", range(51))
def test_cells_reproduce_the_row_apart_from_whitespace(table, i):
    row = table.rows[i]
    assert list(row.cells) == list(CELL_FIELDS)
    joined = "".join(row.cells.values())
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", row.text)


def test_every_nbsp_marks_an_empty_cell(table):
    for row in table.rows:
        empty = [k for k, v in row.cells.items() if v == ""]
        assert row.text.count("\u00a0") == len(empty), row.state_code


def test_cells_are_stripped_and_never_contain_the_header(table):
    for row in table.rows:
        for name, cell in row.cells.items():
            assert cell == cell.strip(" \u00a0"), (row.state_code, name)
            for header in CELL_HEADERS.values():
                assert header not in cell


@pytest.mark.parametrize(
    ("code", "field", "expected"),
    [
        # Cells read off the table by eye, boundaries where a reader puts them.
        ("AL", "civil_liability_text", "Civil contempt"),
        ("AR", "fees_waived_text", "Yes"),
        ("CO", "who_may_apply_text", ""),
        ("CO", "fees_waived_text", "No"),
        (
            "CT",
            "transmission_text",
            "Yes; immediately; appropriate law enforcement agency "
            "within 48 hours of issuance if employed in another town",
        ),
        (
            "DE",
            "transmission_text",
            "Order entered into Delaware Justice Information system on "
            "or before the next business day; copy sent to Delaware law enforcement agency where "
            "petitioner resides and/or where abuse received",
        ),
        ("IA", "penalty_text", ""),
        ("MS", "transmission_text", ""),
        ("NJ", "duration_text", ""),
        (
            "OR",
            "duration_text",
            "Temporary: 1 year restraining order, effective until expires or terminated by court",
        ),
        ("WY", "civil_liability_text", "Yes"),
        ("TX", "code_section", "Family 71.01, et seq. Repealed; now Family 71.001 et seq."),
        (
            "KY",
            "code_section",
            "403.715 to .785 (domestic violence) 209.01 to .16 (Kentucky Adult Protective Act)",
        ),
    ],
)
def test_known_cells(rows_by_state, code, field, expected):
    assert rows_by_state[code].cells[field] == expected


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("DE", "Delaware"),
        ("IN", "Indiana"),
        ("KY", "Kentucky"),
        ("LA", "Louisiana"),
        ("MO", "Missouri"),
        ("PA", "Pennsylvania"),
        ("WV", "West Virginia"),
    ],
)
def test_state_names_in_a_row_confirm_its_position(rows_by_state, code, words):
    row = rows_by_state[code]
    assert words in row.text
    assert words in row.identity_evidence
