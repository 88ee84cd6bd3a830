"""Load the processed files, validated; a missing or corrupt file gives a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis import paths
from analysis.schema import COLUMNS, EVIDENCE_COLUMNS
from analysis.validate import frame_from_strings, validate_dataset, validate_evidence

REBUILD_COMMAND = "python -m analysis build"


class DataUnavailable(Exception):
    """The processed dataset is missing or invalid. The message says what and how to fix."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(
            f"{path}: {problem}. Rebuild the processed data with `{REBUILD_COMMAND}` "
            "(from the project folder)."
        )


def _read_text_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        raise DataUnavailable(path, "the file is missing")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        raise DataUnavailable(
            path, f"the file cannot be read as CSV ({type(exc).__name__})"
        ) from exc
    if tuple(raw.columns) != columns:
        missing = [c for c in columns if c not in raw.columns]
        raise DataUnavailable(
            path, f"the columns are not the codebook's (missing: {missing[:5] or 'none'})"
        )
    return raw


def load_dataset(processed: Path | None = None) -> pd.DataFrame:
    """protective_orders.csv, typed and validated against the schema."""
    processed = processed or paths.PROCESSED
    path = processed / paths.DATASET_CSV
    raw = _read_text_csv(path, COLUMNS)
    try:
        return validate_dataset(frame_from_strings(raw))
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors, ValueError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise DataUnavailable(path, f"the data fail validation: {first}") from exc


def load_evidence(processed: Path | None = None) -> pd.DataFrame:
    processed = processed or paths.PROCESSED
    path = processed / paths.EVIDENCE_CSV
    raw = _read_text_csv(path, EVIDENCE_COLUMNS)
    try:
        return validate_evidence(raw)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        first = str(exc).strip().splitlines()[0][:300]
        raise DataUnavailable(path, f"the evidence fails validation: {first}") from exc


def load_csv(name: str, processed: Path | None = None) -> pd.DataFrame:
    """A small processed table (state notes, agreement, claims) as text."""
    processed = processed or paths.PROCESSED
    path = processed / name
    if not path.exists():
        raise DataUnavailable(path, "the file is missing")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataUnavailable(path, f"the file cannot be read ({type(exc).__name__})") from exc


def load_summary(processed: Path | None = None) -> dict:
    processed = processed or paths.PROCESSED
    path = processed / "build_summary.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataUnavailable(
            path, f"the build summary cannot be read ({type(exc).__name__})"
        ) from exc
