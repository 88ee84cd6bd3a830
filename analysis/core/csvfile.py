"""The one CSV writer: every CSV the project writes (the build's, the downloads') goes
through here, so they share encoding (UTF-8), line ends (\\n), and how null, true/false
and whole numbers are written (analysis.core.validate.csv_value)."""

from __future__ import annotations

import io

import pandas as pd

from analysis.core.validate import csv_value


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV: booleans as true/false, nulls empty, 12 not 12.0."""
    out = df.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("bool", "boolean"):
            out[col] = out[col].map(csv_value)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def read_text_csv(data: bytes) -> pd.DataFrame:
    """CSV bytes as the loader reads them: every column as text, empty cells as ""."""
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
