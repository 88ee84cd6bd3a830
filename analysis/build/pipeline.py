"""build(): source -> segment -> code -> review -> validate -> write, atomically.

Nothing in data/processed/ is touched unless every step succeeds: the whole set of files is
written into a new folder beside it, and the two folders are then switched in one atomic
step (write_atomically), so data/processed/ is always one build's files, all of them.
"""

from __future__ import annotations

import ctypes
import errno
import io
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis.build import claims as claims_mod
from analysis.build import reviewed, rules, segment, source, womenslaw
from analysis.core import checksums, package, paths, release, sqlitedb, tables, workbook
from analysis.core.csvfile import csv_bytes, read_text_csv
from analysis.core.errors import BuildError, shown_path
from analysis.core.schema import (
    CELL_FIELDS,
    CODED_FIELDS,
    COLUMNS,
    FIELDS_BY_NAME,
    JURISDICTIONS,
)
from analysis.core.validate import (
    csv_value,
    frame_from_strings,
    validate_dataset,
    validate_evidence,
    validate_table,
)


@dataclass(frozen=True)
class BuildInputs:
    raw_dir: Path = paths.RAW
    sources_file: Path = paths.SOURCES_FILE
    segmentation_file: Path = segment.SEGMENTATION_FILE
    reviewed_file: Path = reviewed.REVIEWED_FILE


@dataclass
class BuildResult:
    dataset: pd.DataFrame
    evidence: pd.DataFrame
    notes: pd.DataFrame
    agreement: pd.DataFrame
    claims: pd.DataFrame
    narrative: str
    files: dict[str, bytes]


def _read_checked(filename: str, inputs: BuildInputs) -> tuple[str, bytes, Path]:
    sources = source.load_sources(inputs.sources_file)
    path = inputs.raw_dir / filename
    if filename not in sources:
        raise BuildError(path, None, "no provenance record in data/sources.json")
    data = source.read_bytes(path)
    return source.decode(path, data), data, path


def code_table(
    inputs: BuildInputs = BuildInputs(),
) -> tuple[segment.Table, pd.DataFrame, pd.DataFrame]:
    """Parse, segment and code Table 32; returns (table, dataset, evidence)."""
    sources = source.load_sources(inputs.sources_file)
    text, data, path = _read_checked(paths.TABLE_FILE, inputs)
    table = segment.parse_table(text, path, segment.load_segmentation(inputs.segmentation_file))
    reviews = reviewed.load_reviews(inputs.reviewed_file)
    used: set[tuple[str, str]] = set()
    fips = {c: f for c, _, f in JURISDICTIONS}
    names = {c: n for c, n, _ in JURISDICTIONS}
    records, evidence_rows = [], []
    for row in table.rows:
        coded = rules.code_row(row.cells)
        record = {
            "state_code": row.state_code,
            "state_name": names[row.state_code],
            "state_fips": fips[row.state_code],
            "source_row": row.source_row,
            **row.cells,
        }
        for field in CODED_FIELDS:
            f = FIELDS_BY_NAME[field]
            cell = row.cells[f.source_cell]
            rule_value = coded[field]
            review = reviews.get((row.state_code, field))
            if rule_value.evidence and rule_value.evidence not in cell:
                raise BuildError(
                    path,
                    row.line,
                    f"{row.state_code} {field}: rule evidence "
                    f"{rule_value.evidence!r} is not in the cell (a rule bug)",
                )
            if review is not None:
                try:
                    reviewed.check_guard(review, cell, inputs.reviewed_file)
                except BuildError as exc:
                    raise BuildError(
                        exc.path,
                        exc.line,
                        f"{exc.problem} (the cell is on line {row.line} of {path.name})",
                    ) from exc
                used.add((row.state_code, field))
                value, ev, method = review.value, review.evidence, "reviewed"
                reason = review.reason
                if csv_value(rule_value.value) != csv_value(review.value):
                    reason += f" [Rules alone give: {csv_value(rule_value.value) or 'null'}.]"
                else:
                    reason += " [Rules give the same value.]"
            else:
                if rule_value.value is None and f.dtype == "category":
                    raise BuildError(
                        path,
                        row.line,
                        f"{row.state_code} {field}: no rule settles this cell "
                        f"({cell[:60]!r}); add a reviewed value to "
                        "data/reviewed/reviewed_values.csv",
                    )
                value, ev, method, reason = rule_value.value, rule_value.evidence, "rule", ""
            record[field] = value
            evidence_rows.append(
                {
                    "state_code": row.state_code,
                    "field": field,
                    "value": csv_value(value),
                    "source_cell": f.source_cell,
                    "cell_text": cell,
                    "evidence": ev,
                    "method": method,
                    "reason": reason,
                    "rule": rule_value.rule,
                }
            )
        records.append(record)
    # Structure and reviews first (their messages are the most specific), then the checksum.
    source.verify_checksum(path, data, sources[paths.TABLE_FILE])
    unused = set(reviews) - used
    if unused:
        first = min(reviews[k].line for k in unused)
        raise BuildError(inputs.reviewed_file, first, f"reviews not applied: {sorted(unused)}")
    raw = pd.DataFrame(
        [{k: csv_value(v) for k, v in r.items()} for r in records], columns=list(COLUMNS)
    )
    dataset = frame_from_strings(raw)
    evidence = pd.DataFrame(evidence_rows, columns=list(tables.EVIDENCE.column_names))
    return table, dataset, evidence


def build_frames(inputs: BuildInputs = BuildInputs()) -> BuildResult:
    """Everything the build writes, in memory, validated."""
    table, dataset, evidence = code_table(inputs)
    try:
        dataset = validate_dataset(dataset)
        evidence = validate_evidence(evidence)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        raise BuildError(paths.PROCESSED, None, f"validation failed: {str(exc)[:2000]}") from exc

    sources = source.load_sources(inputs.sources_file)
    wl = sources[paths.WOMENSLAW_FILE]
    wl_text, wl_data, wl_path = _read_checked(paths.WOMENSLAW_FILE, inputs)
    source.verify_checksum(wl_path, wl_data, wl)
    notes = womenslaw.parse_notes(wl_text, wl_path, f"{wl.publisher}, {wl.title}", wl.as_of or "")
    notes_df = pd.DataFrame(
        [asdict(n) for n in notes], columns=list(tables.STATE_NOTES.column_names)
    )
    ms = dataset.set_index("state_code").loc["MS"].to_dict()
    ms_ev = evidence[evidence.state_code == "MS"].set_index("field")["evidence"].to_dict()
    agreement = pd.DataFrame([asdict(a) for a in womenslaw.compare_with_table(notes, ms, ms_ev)])
    agreement["table_value"] = agreement["table_value"].map(csv_value)
    agreement["second_source_value"] = agreement["second_source_value"].map(csv_value)
    try:
        claim_results = claims_mod.evaluate_claims(dataset, table.narrative)
    except ValueError as exc:
        raise BuildError(
            inputs.raw_dir / paths.TABLE_FILE, table.narrative_lines[0], f"narrative changed: {exc}"
        ) from exc
    claims_df = claims_mod.claims_frame(claim_results)

    summary = _summary(
        dataset, evidence, sources, table, segment.load_segmentation(inputs.segmentation_file)
    )
    texts = {
        tables.EVIDENCE.name: evidence,
        tables.STATE_NOTES.name: notes_df,
        tables.SOURCE_AGREEMENT.name: agreement,
        tables.NARRATIVE_CLAIMS.name: claims_df,
    }
    written = {name: csv_bytes(frame) for name, frame in texts.items()}
    for name, data in written.items():
        # Validate what the app will read: the file's text, as load.load_table reads it.
        try:
            validate_table(name, read_text_csv(data))
        except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
            raise BuildError(
                paths.PROCESSED / tables.TABLES_BY_NAME[name].filename,
                None,
                f"validation failed: {str(exc)[:2000]}",
            ) from exc
    files = {
        tables.DATASET.filename: csv_bytes(dataset),
        **{tables.TABLES_BY_NAME[n].filename: data for n, data in written.items()},
        tables.BUILD_SUMMARY.filename: summary,
        tables.DATA_DICTIONARY_MD: tables.data_dictionary_markdown().encode("utf-8"),
        tables.PARQUET.filename: _parquet(dataset),
        tables.XLSX.filename: workbook.workbook(dataset, evidence, sources=sources, built=True),
    }
    # The database is filled from the CSV bytes above, so it holds exactly what they hold.
    files[tables.SQLITE.filename] = sqlitedb.database_bytes(files, sources, release.version())
    # The Frictionless descriptor of the files above (types, codes, checksums).
    files[tables.DATAPACKAGE_JSON] = package.to_json(package.descriptor(files=files)).encode(
        "utf-8"
    )
    # Last: the sha256 of every file above, which the app checks on load.
    files[tables.CHECKSUMS_FILE] = checksums.manifest(files)
    assert set(files) == set(tables.PROCESSED_FILES), "declare every processed file in tables.py"
    return BuildResult(dataset, evidence, notes_df, agreement, claims_df, table.narrative, files)


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _squash(text: str) -> str:
    return "".join(text.split())


def segmentation_summary(table: segment.Table, seg: dict) -> dict:
    """The segmentation of the raw table, checked: what the Methods page reports."""
    return {
        "rows": len(table.rows),
        "reproduced": sum(
            1
            for r in table.rows
            if _squash("".join(r.cells[c] for c in CELL_FIELDS)) == _squash(r.text)
        ),
        "cells": sum(len(r.cells) for r in table.rows),
        "empty_cells": sum(1 for r in table.rows for v in r.cells.values() if v == ""),
        "empty_markers": sum(r.text.count(segment.NBSP) for r in table.rows),
        "notes": [
            {"state_code": code, "note": v["note"]} for code, v in seg.items() if v.get("note")
        ],
    }


def _summary(
    dataset: pd.DataFrame, evidence: pd.DataFrame, sources: dict, table: segment.Table, seg: dict
) -> bytes:
    counts = evidence["method"].value_counts().to_dict()
    summary = {
        "jurisdictions": int(len(dataset)),
        "coded_fields": len(CODED_FIELDS),
        "coded_values": int(len(evidence)),
        "values_by_method": {k: int(v) for k, v in sorted(counts.items())},
        "reviewed_differing_from_rules": int(
            evidence["reason"].str.contains("Rules alone give", regex=False).sum()
        ),
        "cells": {c: int((dataset[c] != "").sum()) for c in CELL_FIELDS},
        "segmentation": segmentation_summary(table, seg),
        "sources": {
            name: {"title": s.title, "as_of": s.as_of, "sha256": s.sha256}
            for name, s in sources.items()
        },
        "version": release.version(),
    }
    assert tuple(sorted(summary)) == tuple(sorted(tables.BUILD_SUMMARY.column_names))
    return (json.dumps(summary, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- Publishing the files: all at once, or not at all ----------------------------------

_STAGING = ".{name}.new-"  # the new set, being written beside the folder it will replace
_RETIRED = ".{name}.old-"  # the previous set, kept only for the fallback's second rename
_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one atomic step (Linux)
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE).

    Raises NotImplementedError where the system or the file system cannot do it."""
    libc = _libc()
    fn = getattr(libc, "renameat2", None) if libc is not None else None
    if fn is None:
        raise NotImplementedError("renameat2 is not available")
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        raise NotImplementedError(os.strerror(err))
    raise OSError(err, os.strerror(err), str(b))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _write_file(path: Path, data: bytes) -> None:
    """Write, flush to disk and close one file (a new name: never an existing file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(out_dir: Path) -> None:
    """Undo what a crash left beside out_dir: restore the previous set if the fallback's two
    renames were interrupted between them, and remove half-written or retired sets."""
    parent, name = out_dir.parent, out_dir.name
    retired = sorted(parent.glob(_RETIRED.format(name=name) + "*"))
    if not out_dir.exists() and retired:
        os.rename(retired[-1], out_dir)
        retired = retired[:-1]
    for leftover in [*retired, *parent.glob(_STAGING.format(name=name) + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def write_atomically(files: dict[str, bytes], out_dir: Path) -> None:
    """Publish every file at once: write the whole set into a new folder beside out_dir,
    then switch the two folders in one atomic step.

    Until the switch, out_dir is untouched; after it, out_dir holds only the new set. A
    crash at any point leaves out_dir either wholly old or wholly new (never a mix), and the
    next build clears what it left (`recover`). On every error the new folder is removed
    and BuildError names the file (or folder) and the reason, e.g. "No space left on
    device". Where the system cannot swap two folders atomically, the previous folder is
    first renamed aside and restored if the second rename fails.
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        recover(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING.format(name=out_dir.name), dir=parent))
    except OSError as exc:
        raise BuildError(out_dir, None, f"cannot prepare the new files: {_reason(exc)}") from exc
    unchanged = f"nothing in {shown_path(out_dir)} was changed"
    try:
        foreign = sorted(set(os.listdir(out_dir)) - set(files)) if out_dir.is_dir() else []
        if foreign:
            # The switch replaces the whole folder: never drop a file the build did not write.
            raise BuildError(
                out_dir / foreign[0],
                None,
                f"the build did not write this file and would remove it; move it out of "
                f"{shown_path(out_dir)} first ({unchanged})",
            )
        os.chmod(staging, 0o755)
        for name, data in files.items():
            try:
                _write_file(staging / name, data)
            except OSError as exc:
                raise BuildError(
                    out_dir / name, None, f"cannot write the file: {_reason(exc)} ({unchanged})"
                ) from exc
        try:
            _fsync_dir(staging)
            _switch(staging, out_dir)
            _fsync_dir(parent)
        except OSError as exc:
            raise BuildError(
                out_dir, None, f"cannot put the new files in place: {_reason(exc)} ({unchanged})"
            ) from exc
    finally:
        # The half-written new set, or (after the switch) the previous one.
        shutil.rmtree(staging, ignore_errors=True)


def _switch(staging: Path, out_dir: Path) -> None:
    """Make staging's files out_dir's, in one step where the system allows."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    try:
        _exchange(staging, out_dir)
        return
    except NotImplementedError:
        pass
    retired = Path(tempfile.mkdtemp(prefix=_RETIRED.format(name=out_dir.name), dir=out_dir.parent))
    os.rmdir(retired)
    os.rename(out_dir, retired)
    try:
        os.rename(staging, out_dir)
    except OSError:
        os.rename(retired, out_dir)
        raise
    os.rename(retired, staging)  # removed with the staging folder


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def build(out_dir: Path = paths.PROCESSED, inputs: BuildInputs = BuildInputs()) -> BuildResult:
    """Rebuild data/processed from data/raw and the reviewed files."""
    result = build_frames(inputs)
    write_atomically(result.files, out_dir)
    return result
