"""A Frictionless data package (datapackage.json) describing every file in data/processed.

The dataset's table schema is generated from analysis.core.schema.FIELDS (types, titles,
descriptions, units, enum and range constraints); not-stated values are empty cells
(missingValues [""]). The Parquet, XLSX and SQLite copies are listed as plain files
(`"type": "file"`: their tables are the CSV tables'). Each resource records its size and
sha256, so `frictionless validate data/processed/datapackage.json` also proves the files
are the ones described. The package carries the release (analysis.core.release): a
stable `id`, the `version`, `created` (the version's release date) and the data licence.
Written by the build; `python -m analysis datapackage` rewrites it alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from analysis.core import paths, release
from analysis.core.paths import DATAPACKAGE_JSON
from analysis.core.schema import STATE_NAMES, Field
from analysis.core.sources import load_sources
from analysis.core.tables import (
    ALWAYS_STATED,
    DATA_FILES,
    DATASET,
    EVIDENCE,
    TABLES,
    TABLES_BY_NAME,
    Column,
    DataFile,
    Table,
)
from analysis.core.texts import CAVEAT, PROJECT_TITLE

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
    if f.name in ALWAYS_STATED or (
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


def column_descriptor(c: Column) -> dict:
    """One Table Schema field from a table's column declaration."""
    d: dict = {"name": c.name, "type": _TYPES.get(c.dtype, "string"), "description": c.help}
    if c.dtype == "bool":
        d.update(_BOOL)
    constraints: dict = {}
    if c.required:
        constraints["required"] = True
    if c.codes and c.dtype != "bool":
        constraints["enum"] = list(c.codes)
    if constraints:
        d["constraints"] = constraints
    return d


def table_schema(table: Table) -> dict:
    """The Table Schema of a processed CSV table, from its declaration."""
    fields = [
        field_descriptor(f) if table is DATASET else column_descriptor(f) for f in table.columns
    ]
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": [column],
                "reference": {
                    "resource": other,
                    "fields": list(TABLES_BY_NAME[other].primary_key),
                },
            }
            for column, other in table.foreign_keys
        ]
    return schema


def dataset_schema() -> dict:
    return table_schema(DATASET)


def evidence_schema() -> dict:
    return table_schema(EVIDENCE)


def _bytes(processed: Path, filename: str, files: dict[str, bytes] | None) -> bytes:
    if files is not None and filename in files:
        return files[filename]
    return (processed / filename).read_bytes()


def _resource(table: Table, data: bytes) -> dict:
    resource = {
        "name": table.name,
        "path": table.filename,
        "title": table.title,
        "description": table.description,
        "format": table.fmt,
        "mediatype": "text/csv" if table.fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
    }
    if table.fmt == "csv":
        resource["schema"] = table_schema(table)
    else:
        resource["profile"] = "data-resource"
    return resource


def _file_resource(f: DataFile, data: bytes) -> dict:
    """A non-CSV copy of declared tables: a plain file (frictionless checks its bytes)."""
    holds = ", ".join(TABLES_BY_NAME[n].filename for n in f.tables)
    return {
        "name": f.name,
        "type": "file",
        "path": f.filename,
        "title": f.title,
        "description": f"{f.description} Holds: {holds}.",
        "format": f.fmt,
        "mediatype": f.mediatype,
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
    }


def created(ver: str) -> str:
    """The version's release date as a datetime (today for a version not yet recorded)."""
    day = release.released(ver) or dt.datetime.now(dt.UTC).date().isoformat()
    return f"{day}T00:00:00Z"


def descriptor(processed: Path | None = None, files: dict[str, bytes] | None = None) -> dict:
    """The data package of the processed files (default data/processed), from TABLES and
    DATA_FILES.

    files: the files' contents by name, if not (yet) on disk, e.g. the build's output,
    so the build can write datapackage.json in the same step as the files it describes.
    """
    processed = processed or paths.PROCESSED

    def present(filename: str) -> bool:
        return bool(files and filename in files) or (processed / filename).exists()

    resources = [
        _resource(t, _bytes(processed, t.filename, files)) for t in TABLES if present(t.filename)
    ]
    resources += [
        _file_resource(f, _bytes(processed, f.filename, files))
        for f in DATA_FILES
        if present(f.filename)
    ]
    sources = load_sources()
    ver = release.version()
    lic = release.DATA_LICENCE
    return {
        "profile": "data-package",
        "id": release.DATASET_ID,
        "name": "protective-orders-by-state",
        "title": PROJECT_TITLE,
        "description": (
            "US protective-order laws across the 50 states and the District of "
            f"Columbia, coded from a published 50-state table. {CAVEAT} "
            f"{release.SOURCE_TERMS}"
        ),
        "version": ver,
        "created": created(ver),
        "homepage": release.HOMEPAGE,
        "licenses": [{"name": lic.spdx, "path": lic.url, "title": lic.title}],
        "sources": [
            {
                "title": s.title,
                "path": f"data/raw/{s.filename}",
                "description": (
                    f"{s.publisher}. {s.as_of_note} sha256 {s.sha256}. Terms of use: unknown "
                    "(quoted verbatim, not covered by this dataset's licence)."
                ),
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
