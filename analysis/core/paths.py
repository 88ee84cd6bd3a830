"""Where the project's files live. One place, so tests can point the build elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from analysis.core import tables

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
# The app reads processed data from here; tests point it at a corrupted copy.
PROCESSED = Path(os.environ.get("PO_PROCESSED_DIR") or DATA / "processed")
REVIEWED = DATA / "reviewed"
SOURCES_FILE = DATA / "sources.json"
STATIC = ROOT / "static"

TABLE_FILE = "table32_protective_orders.txt"
WOMENSLAW_FILE = "womenslaw_mississippi_after_the_hearing.txt"

# The processed files' names, as declared with their tables (analysis/core/tables.py).
DATASET_CSV = tables.DATASET.filename
DATASET_PARQUET = tables.DATASET_PARQUET
EVIDENCE_CSV = tables.EVIDENCE.filename
STATE_NOTES_CSV = tables.STATE_NOTES.filename
SOURCE_AGREEMENT_CSV = tables.SOURCE_AGREEMENT.filename
CLAIMS_CSV = tables.NARRATIVE_CLAIMS.filename
SUMMARY_JSON = tables.BUILD_SUMMARY.filename
DICTIONARY_MD = tables.DATA_DICTIONARY_MD
DATAPACKAGE_JSON = tables.DATAPACKAGE_JSON
CHECKSUMS_FILE = tables.CHECKSUMS_FILE
