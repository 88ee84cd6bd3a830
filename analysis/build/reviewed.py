"""Hand-reviewed values: value, evidence and reason, each bound to the cell reviewed.

data/reviewed/reviewed_values.csv holds the values no rule settles, and the judgment
calls the codebook leaves open. Each entry records the sha256 of the exact source cell it
was reviewed on (`cell_sha256`): any change to that cell, however small, fails the build
with the row, the field and "review again", so a reviewed value never outlives the words
it was read from. The evidence must also still be an exact substring of the cell.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core import paths
from analysis.core.errors import BuildError
from analysis.core.schema import FIELDS_BY_NAME, STATE_NAMES

REVIEWED_FILE = paths.REVIEWED / "reviewed_values.csv"
REVIEWED_COLUMNS = ("state_code", "field", "value", "evidence", "reason", "cell_sha256")


@dataclass(frozen=True)
class Review:
    state_code: str
    field: str
    value: Any
    evidence: str
    reason: str
    line: int
    cell_sha256: str = ""


def cell_digest(cell_text: str) -> str:
    """The sha256 of a source cell's exact text (UTF-8), as recorded in cell_sha256."""
    return hashlib.sha256(cell_text.encode("utf-8")).hexdigest()


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
        digest = (rec["cell_sha256"] or "").strip().lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise BuildError(
                path,
                line,
                f"{code} {field}: cell_sha256 must be the 64-hex-digit sha256 of the cell "
                "the value was reviewed on",
            )
        out[(code, field)] = Review(
            code, field, value, rec["evidence"] or "", rec["reason"], line, digest
        )
    return out


def check_guard(review: Review, cell_text: str, path: Path = REVIEWED_FILE) -> None:
    """Fail the build if the cell is not exactly the one reviewed, or lost its evidence."""
    digest = cell_digest(cell_text)
    if digest != review.cell_sha256:
        raise BuildError(
            path,
            review.line,
            f"{review.state_code} {review.field}: the source cell changed since this value "
            f"({review.value!r}) was reviewed; review again: read the cell, correct value, "
            f"evidence and reason if needed, then set cell_sha256 to {digest} "
            f"(it was reviewed on {review.cell_sha256[:12]}...)",
        )
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
