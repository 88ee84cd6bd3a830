"""Load the processed files, verified and validated against their declarations.

Every file is first checked against the sha256 the build recorded for it
(data/processed/SHA256SUMS), so a file changed after the build (by hand, by another
program, half-written) is refused rather than shown as data; then it is validated against
its declaration (analysis.core.tables). A missing, changed, unreadable or invalid file
raises DataUnavailable, whose message names the file (relative to the project), the
problem and the command that rebuilds the data.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis.core import checksums, errors, paths, tables
from analysis.core.tables import Table
from analysis.core.validate import csv_value, frame_from_strings, validate_dataset, validate_table

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
        table_check = column is None or str(column) == "nan" or case in ("False", "True")
        if table_check:
            return f"the check '{check}' fails"
        return f"column {column!r}: {check} (found {case!r})"
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and ln.strip() not in "{}[]"]
    return lines[0][:300] if lines else type(exc).__name__


def _processed(processed: Path | None) -> Path:
    return processed or paths.PROCESSED


def recorded_checksums(processed: Path | None = None) -> dict[str, str]:
    """{file name: sha256} as the build recorded them in SHA256SUMS; every processed file
    must be listed."""
    path = _processed(processed) / tables.CHECKSUMS_FILE
    if not path.exists():
        raise DataUnavailable(
            path, "the file is missing (the build records every processed file's sha256 in it)"
        )
    try:
        recorded = checksums.parse(path.read_bytes())
    except OSError as exc:
        raise DataUnavailable(path, f"the file cannot be read ({exc.strerror})") from exc
    except ValueError as exc:
        raise DataUnavailable(path, f"the file is not a list of checksums: {exc}") from exc
    unlisted = [
        n for n in tables.PROCESSED_FILES if n != tables.CHECKSUMS_FILE and n not in recorded
    ]
    if unlisted:
        raise DataUnavailable(path, f"{unlisted[0]} is not listed")
    return recorded


def verified_bytes(filename: str, processed: Path | None = None) -> bytes:
    """A processed file's bytes, if they are exactly what the build wrote."""
    path = _processed(processed) / filename
    if not path.exists():
        raise DataUnavailable(path, "the file is missing")
    recorded = recorded_checksums(processed).get(filename)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataUnavailable(path, f"the file cannot be read ({exc.strerror})") from exc
    if recorded is None:
        raise DataUnavailable(path, f"the file is not listed in {tables.CHECKSUMS_FILE}")
    if checksums.sha256(data) != recorded:
        raise DataUnavailable(
            path,
            "the file is not the one the build wrote: its sha256 differs from the one "
            f"recorded in data/processed/{tables.CHECKSUMS_FILE} (it was changed after the "
            "build, by hand or by another program)",
        )
    return data


def verify_processed(processed: Path | None = None) -> None:
    """Every processed file is exactly as the build wrote it, and the dataset agrees with
    its evidence table value for value."""
    for name in tables.PROCESSED_FILES:
        if name != tables.CHECKSUMS_FILE:
            verified_bytes(name, processed)
    check_agreement(load_dataset(processed), load_evidence(processed), processed)


def check_agreement(
    dataset: pd.DataFrame, evidence: pd.DataFrame, processed: Path | None = None
) -> None:
    """Each coded value in the dataset is the value its evidence row records."""
    values = dataset.set_index("state_code")
    for row in evidence.itertuples(index=False):
        shown = csv_value(values.at[row.state_code, row.field])
        if shown != row.value:
            raise DataUnavailable(
                _processed(processed) / tables.DATASET.filename,
                f"{row.state_code} {row.field} is {shown or 'empty'!r} but "
                f"{tables.EVIDENCE.filename} records {row.value or 'empty'!r} for it",
            )


def read_table_text(table: Table, processed: Path | None = None) -> pd.DataFrame:
    """A processed CSV file as text, with the declared columns in order."""
    path = _processed(processed) / table.filename
    data = verified_bytes(table.filename, processed)
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
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
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors, ValueError, TypeError) as exc:
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
    path = _processed(processed) / tables.BUILD_SUMMARY.filename
    data = verified_bytes(tables.BUILD_SUMMARY.filename, processed)
    try:
        summary = json.loads(data.decode("utf-8"))
    except ValueError as exc:
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
    for name in tables.PROCESSED_FILES:
        try:
            st = (processed / name).stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [-1, -1]
    return tuple(out)
