"""build(): source -> segment -> code -> review -> validate -> write, atomically.

Nothing in data/processed/ is touched unless every step succeeds: all outputs are first
written to temporary files beside their targets, then renamed into place.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis import claims as claims_mod
from analysis import paths, reviewed, rules, segment, source, womenslaw
from analysis.errors import BuildError
from analysis.schema import (
    CELL_FIELDS,
    CODED_FIELDS,
    COLUMNS,
    EVIDENCE_COLUMNS,
    FIELDS_BY_NAME,
    JURISDICTIONS,
    data_dictionary_markdown,
)
from analysis.validate import format_value, validate_dataset, validate_evidence


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
                if format_value(rule_value.value) != format_value(review.value):
                    reason += f" [Rules alone give: {format_value(rule_value.value) or 'null'}.]"
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
                    "value": format_value(value),
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
    from analysis.validate import frame_from_strings

    raw = pd.DataFrame(
        [{k: format_value(v) for k, v in r.items()} for r in records], columns=list(COLUMNS)
    )
    dataset = frame_from_strings(raw)
    evidence = pd.DataFrame(evidence_rows, columns=list(EVIDENCE_COLUMNS))
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
    notes_df = pd.DataFrame([asdict(n) for n in notes], columns=list(womenslaw.NOTE_COLUMNS))
    ms = dataset.set_index("state_code").loc["MS"].to_dict()
    ms_ev = evidence[evidence.state_code == "MS"].set_index("field")["evidence"].to_dict()
    agreement = pd.DataFrame([asdict(a) for a in womenslaw.compare_with_table(notes, ms, ms_ev)])
    agreement["table_value"] = agreement["table_value"].map(format_value)
    agreement["second_source_value"] = agreement["second_source_value"].map(format_value)
    try:
        claim_results = claims_mod.evaluate_claims(dataset, table.narrative)
    except ValueError as exc:
        raise BuildError(
            inputs.raw_dir / paths.TABLE_FILE, table.narrative_lines[0], f"narrative changed: {exc}"
        ) from exc
    claims_df = claims_mod.claims_frame(claim_results)

    files = {
        paths.DATASET_CSV: _csv(dataset),
        paths.EVIDENCE_CSV: _csv(evidence),
        paths.STATE_NOTES_CSV: _csv(notes_df),
        paths.SOURCE_AGREEMENT_CSV: _csv(agreement),
        "narrative_claims.csv": _csv(claims_df),
        paths.DICTIONARY_MD: data_dictionary_markdown().encode("utf-8"),
        paths.DATASET_PARQUET: _parquet(dataset),
        "build_summary.json": _summary(dataset, evidence, sources),
    }
    # The Frictionless descriptor of the files above (types, codes, checksums).
    from analysis.export import datapackage

    files["datapackage.json"] = datapackage.to_json(datapackage.descriptor(files=files)).encode(
        "utf-8"
    )
    return BuildResult(dataset, evidence, notes_df, agreement, claims_df, table.narrative, files)


def _csv(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("bool", "boolean"):
            out[col] = out[col].map(format_value)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _summary(dataset: pd.DataFrame, evidence: pd.DataFrame, sources: dict) -> bytes:
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
        "sources": {
            name: {"title": s.title, "as_of": s.as_of, "sha256": s.sha256}
            for name, s in sources.items()
        },
    }
    return (json.dumps(summary, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_atomically(files: dict[str, bytes], out_dir: Path) -> None:
    """Write every file to a temporary name first, then rename them all into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
            staged.append((tmp, out_dir / name))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)


def build(out_dir: Path = paths.PROCESSED, inputs: BuildInputs = BuildInputs()) -> BuildResult:
    """Rebuild data/processed from data/raw and the reviewed files."""
    result = build_frames(inputs)
    write_atomically(result.files, out_dir)
    return result
