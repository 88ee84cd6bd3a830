"""Load the processed files, validated against their declarations (analysis.core.tables).

A missing, unreadable or invalid file raises DataUnavailable, whose message names the file
(relative to the project), the problem and the command that rebuilds the data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis.core import errors, paths, tables
from analysis.core.tables import Table
from analysis.core.validate import frame_from_strings, validate_dataset, validate_table

REBUILD_COMMAND = "python -m analysis build"


def shown_path(path: Path) -> str:
    """A path as a visitor may see it: relative to the project, never the server's layout."""
    if path.parent == paths.PROCESSED and not _inside_project(path):
        return f"data/processed/{path.name}"
    return errors.shown_path(path)


def _inside_project(path: Path) -> bool:
    try:
        path.resolve().relative_to(paths.ROOT)
    except (ValueError, OSError):
        return False
    return True


class DataUnavailable(Exception):
    """A processed file is missing or invalid. The message says which, what and how to fix."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(
            f"{shown_path(path)}: {problem}. Rebuild the processed data with "
            f"`{REBUILD_COMMAND}` (from the project folder)."
        )


def _first_line(exc: Exception) -> str:
    """The first failing check of a pandera error, shortened; never a bare '{'."""
    failures = getattr(exc, "failure_cases", None)
    if failures is not None and len(failures):
        first = failures.iloc[0]
        column = first.get("column")
        check = first.get("check")
        case = str(first.get("failure_case"))[:60]
        where = f"column {column!r}: " if column is not None and str(column) != "nan" else ""
        return f"{where}{check} (found {case!r})"
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and ln.strip() not in "{}[]"]
    return lines[0][:300] if lines else type(exc).__name__


def read_table_text(table: Table, processed: Path | None = None) -> pd.DataFrame:
    """A processed CSV file as text, with the declared columns in order."""
    path = (processed or paths.PROCESSED) / table.filename
    if not path.exists():
        raise DataUnavailable(path, "the file is missing")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        raise DataUnavailable(
            path, f"the file cannot be read as CSV ({type(exc).__name__})"
        ) from exc
    if tuple(raw.columns) != table.column_names:
        missing = [c for c in table.column_names if c not in raw.columns]
        extra = [str(c)[:30] for c in raw.columns if c not in table.column_names]
        raise DataUnavailable(
            path,
            f"the columns are not the declared ones (missing: {missing[:5] or 'none'}; "
            f"unexpected: {extra[:5] or 'none'})",
        )
    return raw


def load_table(table: Table, processed: Path | None = None) -> pd.DataFrame:
    """A processed CSV table other than the main one, as text, validated."""
    raw = read_table_text(table, processed)
    try:
        return validate_table(table.name, raw)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        path = (processed or paths.PROCESSED) / table.filename
        raise DataUnavailable(path, f"the file fails validation: {_first_line(exc)}") from exc


def load_dataset(processed: Path | None = None) -> pd.DataFrame:
    """protective_orders.csv, typed and validated against the codebook."""
    raw = read_table_text(tables.DATASET, processed)
    try:
        return validate_dataset(frame_from_strings(raw))
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors, ValueError, TypeError) as exc:
        path = (processed or paths.PROCESSED) / tables.DATASET.filename
        raise DataUnavailable(path, f"the data fail validation: {_first_line(exc)}") from exc


def load_evidence(processed: Path | None = None) -> pd.DataFrame:
    return load_table(tables.EVIDENCE, processed)


def load_state_notes(processed: Path | None = None) -> pd.DataFrame:
    return load_table(tables.STATE_NOTES, processed)


def load_agreement(processed: Path | None = None) -> pd.DataFrame:
    return load_table(tables.SOURCE_AGREEMENT, processed)


def load_claims(processed: Path | None = None) -> pd.DataFrame:
    """The narrative's claims as the build checked them."""
    return load_table(tables.NARRATIVE_CLAIMS, processed)


def load_summary(processed: Path | None = None) -> dict:
    """build_summary.json, with exactly the declared keys."""
    path = (processed or paths.PROCESSED) / tables.BUILD_SUMMARY.filename
    if not path.exists():
        raise DataUnavailable(path, "the file is missing")
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataUnavailable(path, f"the file cannot be read ({type(exc).__name__})") from exc
    if not isinstance(summary, dict) or set(summary) != set(tables.BUILD_SUMMARY.column_names):
        raise DataUnavailable(path, "the file does not have the declared keys")
    return summary


def data_stamp(processed: Path | None = None) -> tuple:
    """The one version stamp of the processed data: the folder and each declared file's
    modification time and size. Every cache of the data is keyed on it, so a rebuild, or a
    file changed or broken by hand, is noticed on the next page run."""
    processed = processed or paths.PROCESSED
    out: list[object] = [str(processed)]
    for name in (*(t.filename for t in tables.TABLES), paths.DATAPACKAGE_JSON):
        try:
            st = (processed / name).stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [-1, -1]
    return tuple(out)
