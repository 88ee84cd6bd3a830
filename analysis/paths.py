"""Where the project's files live. One place, so tests can point the build elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
# The app reads processed data from here; tests point it at a corrupted copy.
PROCESSED = Path(os.environ.get("PO_PROCESSED_DIR") or DATA / "processed")
REVIEWED = DATA / "reviewed"
SOURCES_FILE = DATA / "sources.json"
STATIC = ROOT / "static"

TABLE_FILE = "table32_protective_orders.txt"
WOMENSLAW_FILE = "womenslaw_mississippi_after_the_hearing.txt"

DATASET_CSV = "protective_orders.csv"
DATASET_PARQUET = "protective_orders.parquet"
EVIDENCE_CSV = "evidence.csv"
STATE_NOTES_CSV = "state_notes.csv"
SOURCE_AGREEMENT_CSV = "source_agreement.csv"
DICTIONARY_MD = "data_dictionary.md"
