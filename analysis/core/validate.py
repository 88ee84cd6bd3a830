"""Validation generated from the schema (pandera), run on build and on load."""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.core.schema import (
    COLUMNS,
    FIELDS,
    FIELDS_BY_NAME,
    JURISDICTIONS,
    Field,
)
from analysis.core.tables import EVIDENCE, TABLES_BY_NAME, Column

PANDAS_DTYPES = {"string": "str", "int": "Int64", "float": "float64", "category": "str"}


def pandas_dtype(f: Field) -> str:
    if f.dtype == "bool":
        return "boolean" if f.nullable else "bool"
    return PANDAS_DTYPES[f.dtype]


def _column(f: Field) -> pa.Column:
    checks = []
    if f.codes:
        checks.append(pa.Check.isin(list(f.codes)))
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum))
    if f.maximum is not None:
        checks.append(pa.Check.le(f.maximum))
    return pa.Column(
        pandas_dtype(f),
        checks=checks,
        nullable=f.nullable,
        unique=f.name in ("state_code", "state_fips", "source_row"),
        title=f.label,
        description=f.description,
    )


@lru_cache(maxsize=1)
def dataset_schema() -> pa.DataFrameSchema:
    """The pandera schema of protective_orders.csv, from analysis.core.schema.FIELDS."""
    expected = [c for c, _, _ in JURISDICTIONS]
    return pa.DataFrameSchema(
        {f.name: _column(f) for f in FIELDS},
        checks=[
            pa.Check(lambda df: len(df) == len(expected), error="51 jurisdictions"),
            pa.Check(
                lambda df: list(df["state_code"]) == expected,
                error="rows in source order, one per jurisdiction",
            ),
            pa.Check(
                lambda df: (
                    list(zip(df["state_code"], df["state_name"], df["state_fips"], strict=True))
                    == [tuple(j) for j in JURISDICTIONS]
                ),
                error="each state's name and FIPS code match its USPS code",
            ),
            pa.Check(
                lambda df: (
                    (df["final_order_duration_status"] == "fixed")
                    == df["final_order_max_months"].notna()
                ),
                error="a maximum is stated exactly when the status is fixed",
            ),
        ],
        strict=True,
        ordered=True,
        name="protective_orders",
    )


def _evidence_ok(df: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [e in c for e, c in zip(df["evidence"], df["cell_text"], strict=True)], index=df.index
    )


_EMPTY_OK = {"", "false", "not_stated", "not_specified"}

# Checks across columns that a column declaration cannot say, by table name.
TABLE_CHECKS: dict[str, list[pa.Check]] = {
    "evidence": [
        pa.Check(_evidence_ok, error="evidence is an exact substring of its cell"),
        pa.Check(
            lambda df: (df["evidence"] != "") | df["value"].isin(list(_EMPTY_OK)),
            error="a stated value carries evidence",
        ),
        pa.Check(
            lambda df: (df["method"] != "reviewed") | (df["reason"] != ""),
            error="a reviewed value has a reason",
        ),
    ],
}
_INT_TEXT = r"^-?\d+$"


def _text_column(c: Column) -> pa.Column:
    checks = []
    allowed_empty = [] if c.required else [""]
    if c.codes:
        checks.append(pa.Check.isin([*c.codes, *allowed_empty]))
    elif c.required:
        checks.append(pa.Check.str_length(min_value=1))
    if c.dtype == "int":
        checks.append(pa.Check.str_matches(_INT_TEXT if c.required else r"^(-?\d+)?$"))
    return pa.Column("str", checks=checks, title=c.label or c.name, description=c.description)


@cache
def text_schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a processed CSV table other than the main one, read as text,
    from its declaration in analysis.core.tables."""
    table = TABLES_BY_NAME[name]
    checks = list(TABLE_CHECKS.get(name, []))
    if table.primary_key:
        key = list(table.primary_key)
        checks.append(
            pa.Check(lambda df: ~df.duplicated(subset=key).any(), error=f"{key} is unique")
        )
    if table.rows is not None:
        rows = table.rows
        checks.append(pa.Check(lambda df: len(df) == rows, error=f"{rows} rows"))
    return pa.DataFrameSchema(
        {c.name: _text_column(c) for c in table.columns},
        checks=checks,
        strict=True,
        ordered=True,
        name=name,
    )


def evidence_schema() -> pa.DataFrameSchema:
    return text_schema(EVIDENCE.name)


def csv_value(value: Any) -> str:
    """A value as written in the processed CSV files: '' for null, true/false, 12 not 12.0."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.floating):
        return str(float(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def frame_from_strings(raw: pd.DataFrame) -> pd.DataFrame:
    """protective_orders.csv read as text -> typed columns, per the schema."""
    out = {}
    for name in raw.columns:
        f = FIELDS_BY_NAME.get(name)
        col = raw[name].fillna("")
        if f is None:
            out[name] = col
        elif f.dtype == "bool":
            mapped = col.str.lower().map({"true": True, "false": False, "": pd.NA})
            out[name] = mapped.astype(pandas_dtype(f))
        elif f.dtype == "int":
            out[name] = pd.to_numeric(col.replace("", None)).astype("Int64")
        elif f.dtype == "float":
            out[name] = pd.to_numeric(col.replace("", None)).astype("float64")
        else:
            out[name] = col.astype("str")
    return pd.DataFrame(out)


def validate_dataset(df: pd.DataFrame) -> pd.DataFrame:
    """Validate the dataset; raises pandera.errors.SchemaError(s) on failure."""
    return dataset_schema().validate(df, lazy=True)


def validate_evidence(ev: pd.DataFrame) -> pd.DataFrame:
    return evidence_schema().validate(ev, lazy=True)


def validate_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate a processed CSV table (read as text) against its declaration."""
    return text_schema(name).validate(df, lazy=True)


def ordered_columns(df: pd.DataFrame) -> pd.DataFrame:
    return df[list(COLUMNS)]
