"""A Frictionless data package (datapackage.json) describing the CSV files in data/processed.

The dataset's table schema is generated from analysis.schema.FIELDS (types, titles,
descriptions, units, enum and range constraints); not-stated values are empty cells
(missingValues [""]). Each resource records its size and sha256, so `frictionless
validate data/processed/datapackage.json` also proves the files are the ones described.
Write it with `python -m analysis datapackage`.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from analysis import paths
from analysis.export import AS_OF_NOTE, CAVEAT, PROJECT_TITLE
from analysis.schema import CODED_FIELDS, FIELDS, STATE_NAMES, Field
from analysis.source import load_sources

DATAPACKAGE_JSON = "datapackage.json"
_TYPES = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "category": "string",
}
_BOOL = {"trueValues": ["true"], "falseValues": ["false"]}


def field_descriptor(f: Field) -> dict:
    """One Table Schema field from the codebook."""
    d: dict = {"name": f.name, "title": f.label, "type": _TYPES[f.dtype], "description": f.help}
    if f.dtype == "bool":
        d.update(_BOOL)
    if f.unit:
        d["unit"] = f.unit
    constraints: dict = {}
    # Empty source cells are empty strings, read as missing: only non-text fields that the
    # codebook says are always stated are required.
    if f.name in ("state_code", "state_name", "state_fips", "source_row") or (
        f.dtype in ("int", "float", "bool", "category") and not f.nullable
    ):
        constraints["required"] = True
    if f.name == "state_code":
        constraints["unique"] = True
        constraints["enum"] = list(STATE_NAMES)
    if f.codes:
        constraints["enum"] = list(f.codes)
    if f.minimum is not None and f.dtype in ("int", "float"):
        constraints["minimum"] = int(f.minimum) if f.dtype == "int" else f.minimum
    if f.maximum is not None and f.dtype in ("int", "float"):
        constraints["maximum"] = int(f.maximum) if f.dtype == "int" else f.maximum
    if constraints:
        d["constraints"] = constraints
    return d


def dataset_schema() -> dict:
    return {
        "fields": [field_descriptor(f) for f in FIELDS],
        "missingValues": [""],
        "primaryKey": ["state_code"],
    }


def _text(name: str, description: str, **extra) -> dict:
    return {"name": name, "type": "string", "description": description, **extra}


def evidence_schema() -> dict:
    return {
        "fields": [
            _text(
                "state_code",
                "USPS code of the jurisdiction.",
                constraints={"required": True, "enum": list(STATE_NAMES)},
            ),
            _text(
                "field",
                "The coded column of protective_orders.csv.",
                constraints={"required": True, "enum": list(CODED_FIELDS)},
            ),
            _text(
                "value", "The coded value as written in protective_orders.csv (empty: not stated)."
            ),
            _text("source_cell", "The Table 32 cell (column name) the value is read from."),
            _text("cell_text", "That cell, verbatim (empty: the cell is empty)."),
            _text(
                "evidence",
                "An exact substring of the cell supporting the value; empty "
                "only where the cell is silent.",
            ),
            _text(
                "method",
                "How the value was set: by rule, or reviewed by hand.",
                constraints={"required": True, "enum": ["rule", "reviewed"]},
            ),
            _text("reason", "Why, for a reviewed value."),
            _text("rule", "Which rule produced the value."),
        ],
        "missingValues": [""],
        "primaryKey": ["state_code", "field"],
        "foreignKeys": [
            {
                "fields": ["state_code"],
                "reference": {"resource": "protective_orders", "fields": ["state_code"]},
            }
        ],
    }


_OTHER = {
    paths.STATE_NOTES_CSV: (
        "state_notes",
        "WomensLaw Mississippi statements",
        "The WomensLaw page 'Know the Laws: Mississippi - After the hearing' (updated "
        "2012-11-26), one row per statement, with topic and citation.",
        {
            "state_code": "USPS code (MS).",
            "statement_id": "Stable id of the statement.",
            "topic": "Topic of the statement.",
            "question": "The page's question heading, if any.",
            "statement": "The statement, verbatim.",
            "citation": "Statute cited, if any.",
            "source": "The page.",
            "as_of": "The page's update date.",
            "line": "Line of the raw file.",
        },
    ),
    paths.SOURCE_AGREEMENT_CSV: (
        "source_agreement",
        "Where the two sources agree",
        "Fields on which both sources speak, with both values and whether they agree.",
        {
            "state_code": "USPS code.",
            "field": "The coded field.",
            "table_value": "Value coded from Table 32.",
            "table_evidence": "Table 32 words.",
            "second_source_value": "Value read from WomensLaw.",
            "second_source_evidence": "WomensLaw words.",
            "citation": "Statute cited.",
            "agrees": "true when both values are equal.",
            "note": "Explanation.",
        },
    ),
    "narrative_claims.csv": (
        "narrative_claims",
        "The narrative's claims, checked",
        "Each claim of Table 32's introductory narrative, checked against the coded data.",
        {
            "claim": "The claim, as written.",
            "verdict": "agree or disagree.",
            "states": "Jurisdictions concerned.",
            "explanation": "What the data show.",
        },
    ),
}


def _bytes(processed: Path, filename: str, files: dict[str, bytes] | None) -> bytes:
    if files is not None and filename in files:
        return files[filename]
    return (processed / filename).read_bytes()


def _resource(
    processed: Path,
    filename: str,
    name: str,
    title: str,
    description: str,
    schema: dict,
    files: dict[str, bytes] | None = None,
) -> dict:
    data = _bytes(processed, filename, files)
    size, sha = len(data), hashlib.sha256(data).hexdigest()
    return {
        "name": name,
        "path": filename,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{sha}",
        "schema": schema,
    }


def descriptor(processed: Path | None = None, files: dict[str, bytes] | None = None) -> dict:
    """The data package for the CSV files in `processed` (default data/processed).

    files: the files' contents by name, if not (yet) on disk, e.g. the build's output,
    so the build can write datapackage.json in the same atomic step as the CSV files.
    """
    processed = processed or paths.PROCESSED
    resources = [
        _resource(
            processed,
            paths.DATASET_CSV,
            "protective_orders",
            "Protective-order laws, one row per jurisdiction",
            "Table 32 coded per the codebook: the 8 source cells verbatim and "
            f"{len(CODED_FIELDS)} coded fields. {AS_OF_NOTE}",
            dataset_schema(),
            files,
        ),
        _resource(
            processed,
            paths.EVIDENCE_CSV,
            "evidence",
            "Evidence for every coded value",
            "One row per jurisdiction and coded field: the value, the source cell, the "
            "exact words supporting it, and how it was coded.",
            evidence_schema(),
            files,
        ),
    ]
    for filename, (name, title, description, docs) in _OTHER.items():
        if not (files and filename in files) and not (processed / filename).exists():
            continue
        header = _bytes(processed, filename, files).decode("utf-8").split("\n", 1)[0]
        schema = {"fields": [_text(c, docs.get(c, "")) for c in header.split(",")]}
        resources.append(_resource(processed, filename, name, title, description, schema, files))
    sources = load_sources()
    return {
        "profile": "data-package",
        "name": "protective-orders-by-state",
        "title": PROJECT_TITLE,
        "description": (
            "US protective-order laws across the 50 states and the District of "
            f"Columbia, coded from a published 50-state table. {CAVEAT}"
        ),
        "homepage": "",
        "sources": [
            {
                "title": s.title,
                "path": f"data/raw/{s.filename}",
                "description": f"{s.publisher}. {s.as_of_note} sha256 {s.sha256}.",
            }
            for s in sources.values()
        ],
        "resources": resources,
    }


def to_json(desc: dict) -> str:
    desc = {k: v for k, v in desc.items() if v != ""}
    return json.dumps(desc, indent=2, ensure_ascii=False) + "\n"


def write(processed: Path | None = None) -> Path:
    """Write datapackage.json beside the CSV files it describes."""
    processed = processed or paths.PROCESSED
    out = processed / DATAPACKAGE_JSON
    out.write_text(to_json(descriptor(processed)), encoding="utf-8")
    return out


def zipped(processed: Path | None = None) -> bytes:
    """datapackage.json with every CSV it describes, as one zip (what a user downloads)."""
    processed = processed or paths.PROCESSED
    desc = descriptor(processed)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(DATAPACKAGE_JSON, to_json(desc))
        for r in desc["resources"]:
            z.write(processed / r["path"], r["path"])
        dictionary = processed / paths.DICTIONARY_MD
        if dictionary.exists():
            z.write(dictionary, paths.DICTIONARY_MD)
    return buf.getvalue()
