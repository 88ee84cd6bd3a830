"""Hand-reviewed values: value, evidence and reason, each guarded against the source.

data/reviewed/reviewed_values.csv holds the values no rule settles, and the judgment
calls the codebook leaves open. Each entry's evidence must still be an exact substring
of its cell: if the source changes so that it is not, the build fails loudly.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core import paths
from analysis.core.errors import BuildError
from analysis.core.schema import FIELDS_BY_NAME, STATE_NAMES

REVIEWED_FILE = paths.REVIEWED / "reviewed_values.csv"
REVIEWED_COLUMNS = ("state_code", "field", "value", "evidence", "reason")


@dataclass(frozen=True)
class Review:
    state_code: str
    field: str
    value: Any
    evidence: str
    reason: str
    line: int


def parse_value(field: str, raw: str) -> Any:
    """A CSV string as the field's type; empty means null. Raises ValueError if invalid."""
    f = FIELDS_BY_NAME[field]
    raw = raw.strip()
    if raw == "":
        if f.dtype in ("category",) or (f.dtype == "bool" and not f.nullable):
            raise ValueError(f"{field} cannot be empty")
        return None
    if f.dtype == "bool":
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise ValueError(f"{raw!r} is not true/false")
    if f.dtype == "int":
        return int(raw)
    if f.dtype == "float":
        return float(raw)
    if f.dtype == "category":
        if raw not in f.codes:
            raise ValueError(f"{raw!r} is not one of {f.codes}")
        return raw
    return raw


def load_reviews(path: Path = REVIEWED_FILE) -> dict[tuple[str, str], Review]:
    """Reviewed values keyed by (state_code, field)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != REVIEWED_COLUMNS:
                raise BuildError(path, 1, f"header must be {','.join(REVIEWED_COLUMNS)}")
            rows = list(reader)
    except OSError as exc:
        raise BuildError(path, None, f"cannot read reviewed values: {exc.strerror}") from exc
    out: dict[tuple[str, str], Review] = {}
    for line, rec in enumerate(rows, start=2):
        code, field = rec["state_code"], rec["field"]
        if code not in STATE_NAMES:
            raise BuildError(path, line, f"unknown state_code {code!r}")
        if field not in FIELDS_BY_NAME or not FIELDS_BY_NAME[field].coded:
            raise BuildError(path, line, f"{field!r} is not a coded field")
        if (code, field) in out:
            raise BuildError(path, line, f"duplicate review for {code} {field}")
        if not (rec["reason"] or "").strip():
            raise BuildError(path, line, "a reviewed value needs a reason")
        try:
            value = parse_value(field, rec["value"] or "")
        except ValueError as exc:
            raise BuildError(path, line, f"{code} {field}: {exc}") from exc
        out[(code, field)] = Review(code, field, value, rec["evidence"] or "", rec["reason"], line)
    return out


def check_guard(review: Review, cell_text: str, path: Path = REVIEWED_FILE) -> None:
    """Fail the build if the cell no longer contains the reviewed evidence."""
    if review.evidence == "":
        if cell_text.strip():
            raise BuildError(
                path,
                review.line,
                f"{review.state_code} {review.field}: evidence is empty but "
                "the cell is not; quote the words the value rests on",
            )
        return
    if review.evidence not in cell_text:
        raise BuildError(
            path,
            review.line,
            f"{review.state_code} {review.field}: the source cell no longer contains the "
            f"reviewed evidence {review.evidence!r}; re-review this value",
        )
