"""Table 32 text -> 51 rows of 8 cells, losslessly, each row's jurisdiction confirmed.

The extraction lost the cell boundaries. Where each cell begins is recorded by hand in
data/reviewed/segmentation.csv (the opening words of every cell, empty for an empty
cell); the cell begins at the first occurrence of those words after the previous cell
began. A lone non-breaking space (U+00A0) marks an empty cell in the source, which the
segmentation checks. Every row must start with its jurisdiction's citation, and any state
name inside a row must be its own.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import BuildError
from analysis.core.schema import CELL_FIELDS, CELL_HEADERS, JURISDICTIONS, STATE_NAMES

TITLE_LINE = "Table 32: Protective Orders"
HEADER_LINE = "".join(CELL_HEADERS[c] for c in CELL_FIELDS)
NBSP = "\u00a0"
SEGMENTATION_FILE = paths.REVIEWED / "segmentation.csv"

# State names longest first, so "West Virginia" is found before "Virginia" and
# "Arkansas" is never read as "Kansas".
_NAME_RE = re.compile(
    r"(?<![A-Za-z])("
    + "|".join(re.escape(n) for n in sorted(STATE_NAMES.values(), key=len, reverse=True))
    + r")(?![A-Za-z])"
)
_CODE_BY_NAME = {name: code for code, name in STATE_NAMES.items()}


@dataclass(frozen=True)
class Row:
    """One data row of Table 32, split into its 8 cells."""

    state_code: str
    source_row: int  # 1..51
    line: int  # 1-based line number in the raw file
    text: str
    cells: dict[str, str]
    identity_evidence: str


@dataclass(frozen=True)
class Table:
    narrative: str
    narrative_lines: tuple[int, int]
    rows: tuple[Row, ...]


def load_segmentation(path: Path = SEGMENTATION_FILE) -> dict[str, dict[str, str]]:
    """Opening words of each cell, per jurisdiction, from the reviewed segmentation file."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh))
    except OSError as exc:
        raise BuildError(path, None, f"cannot read segmentation file: {exc.strerror}") from exc
    out: dict[str, dict[str, str]] = {}
    for i, rec in enumerate(records, start=2):
        code = rec.get("state_code")
        if code not in STATE_NAMES:
            raise BuildError(path, i, f"unknown state_code {code!r}")
        missing = [c for c in CELL_FIELDS if c not in rec or rec[c] is None]
        if missing:
            raise BuildError(path, i, f"missing columns {missing}")
        if not rec["code_section"]:
            raise BuildError(path, i, "code_section opening words must not be empty")
        out[code] = {c: rec[c] for c in CELL_FIELDS} | {"note": rec.get("note") or ""}
    absent = [c for c, _, _ in JURISDICTIONS if c not in out]
    if absent:
        raise BuildError(path, None, f"no segmentation for {absent}")
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def split_cells(text: str, openings: dict[str, str]) -> dict[str, str]:
    """Split a row's text into its 8 cells at the recorded opening words.

    Raises ValueError naming the cell whose opening words are not where expected.
    """
    if not text.startswith(openings["code_section"]):
        raise ValueError(f"row does not begin with its citation {openings['code_section']!r}")
    starts: list[int | None] = [0]
    last = 0
    for name in CELL_FIELDS[1:]:
        opening = openings[name]
        if not opening:
            starts.append(None)  # empty cell: begins where the next cell begins
            continue
        pos = text.find(opening, last + 1)
        if pos < 0:
            raise ValueError(f"cell {name!r} should begin with {opening!r}; not found")
        starts.append(pos)
        last = pos
    ends = len(text)
    cells: dict[str, str] = {}
    for i in range(len(CELL_FIELDS) - 1, -1, -1):
        start = starts[i]
        if start is None:
            cells[CELL_FIELDS[i]] = ""
            continue
        cells[CELL_FIELDS[i]] = text[start:ends].strip(" \t" + NBSP)
        ends = start
    cells = {name: cells[name] for name in CELL_FIELDS}
    if _squash("".join(cells.values())) != _squash(text):
        raise ValueError("cells do not reproduce the row")
    return cells


def _check_empty_cell_markers(text: str, cells: dict[str, str]) -> None:
    """Every NBSP in a row must mark an empty cell, and there are as many as empty cells."""
    n_empty = sum(1 for v in cells.values() if v == "")
    n_nbsp = text.count(NBSP)
    if n_nbsp > n_empty:
        raise ValueError(
            f"{n_nbsp} empty-cell markers (U+00A0) but {n_empty} empty cells: a cell boundary "
            "is probably wrong"
        )


def _names_in(text: str) -> set[str]:
    return {_CODE_BY_NAME[m.group(1)] for m in _NAME_RE.finditer(text)}


def identify(text: str, segmentation: dict[str, dict[str, str]]) -> str | None:
    """The jurisdiction whose citation opens this row, if any."""
    matches = [c for c, o in segmentation.items() if text.startswith(o["code_section"])]
    # The longest opening wins ("Tit. 10 §" and "Tit. 15 §" share a prefix).
    matches.sort(key=lambda c: len(segmentation[c]["code_section"]), reverse=True)
    return matches[0] if matches else None


def parse_table(text: str, path: Path, segmentation: dict[str, dict[str, str]]) -> Table:
    """Parse Table 32: narrative, header, and 51 segmented, confirmed data rows."""
    lines = text.split("\n")
    titles = [i for i, line in enumerate(lines) if line.strip() == TITLE_LINE]
    if not titles:
        headers = [i for i, line in enumerate(lines) if line.startswith("Code Section")]
        where = headers[0] + 1 if headers else len(lines)
        raise BuildError(
            path,
            where,
            f"title line {TITLE_LINE!r} not found "
            + ("before the table header" if headers else "(truncated file?)"),
        )
    if len(titles) > 1:
        raise BuildError(path, titles[1] + 1, f"title line {TITLE_LINE!r} appears twice")
    t = titles[0]
    narrative_lines = [line for line in lines[:t] if line.strip()]
    if len(narrative_lines) < 2:
        raise BuildError(path, t + 1, "the narrative before the table is missing")
    if t + 1 >= len(lines) or lines[t + 1] != HEADER_LINE:
        raise BuildError(
            path,
            t + 2,
            f"header line changed: expected {HEADER_LINE!r}, found "
            f"{(lines[t + 1] if t + 1 < len(lines) else '')[:120]!r}",
        )
    expected = [c for c, _, _ in JURISDICTIONS]
    data: list[tuple[int, str]] = []
    for i in range(t + 2, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if line.startswith("Code Section"):
            if line != HEADER_LINE:
                raise BuildError(path, i + 1, "repeated page-header line differs from the header")
            continue
        data.append((i + 1, line))

    rows: list[Row] = []
    seen: dict[str, int] = {}
    for pos, (line_no, line) in enumerate(data):
        found = identify(line, segmentation)
        if found is None:
            raise BuildError(
                path, line_no, f"unrecognised state row: {line[:60]!r} opens with no known citation"
            )
        if found in seen:
            raise BuildError(
                path,
                line_no,
                f"duplicated row: {STATE_NAMES[found]} already appeared at line {seen[found]}",
            )
        seen[found] = line_no
        if pos >= len(expected):
            raise BuildError(
                path, line_no, f"extra row: more than {len(expected)} data rows ({found})"
            )
        want = expected[pos]
        if found != want:
            problem = (
                "missing row"
                if found in expected[pos + 1 :]
                and want not in {identify(line2, segmentation) for _, line2 in data[pos:]}
                else "rows out of order"
            )
            raise BuildError(
                path,
                line_no,
                f"{problem}: data row {pos + 1} should be {STATE_NAMES[want]} by position, but "
                f"it opens with {STATE_NAMES[found]}'s citation",
            )
        try:
            cells = split_cells(line, segmentation[found])
            _check_empty_cell_markers(line, cells)
        except ValueError as exc:
            raise BuildError(path, line_no, f"{STATE_NAMES[found]}: {exc}") from exc
        others = _names_in(line) - {found}
        if others:
            raise BuildError(
                path,
                line_no,
                f"row assigned to {STATE_NAMES[found]} names another jurisdiction: "
                f"{sorted(STATE_NAMES[o] for o in others)}",
            )
        evidence = segmentation[found]["code_section"]
        own = _NAME_RE.search(line)
        if own:
            evidence += f" | {own.group(1)}"
        rows.append(Row(found, pos + 1, line_no, line, cells, evidence))
    if len(rows) < len(expected):
        missing = [STATE_NAMES[c] for c in expected[len(rows) :]]
        last_line = data[-1][0] if data else t + 2
        raise BuildError(
            path,
            last_line,
            f"missing row: found {len(rows)} data rows, expected {len(expected)}; no row "
            f"for {', '.join(missing[:5])} (truncated file?)",
        )
    return Table("\n\n".join(narrative_lines), (1, t), tuple(rows))
