"""Validation generated from the schema (pandera), run on build and on load."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.schema import (
    CODED_FIELDS,
    COLUMNS,
    EVIDENCE_COLUMNS,
    FIELDS,
    FIELDS_BY_NAME,
    JURISDICTIONS,
    Field,
)

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
    """The pandera schema of protective_orders.csv, from analysis.schema.FIELDS."""
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


@lru_cache(maxsize=1)
def evidence_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "state_code": pa.Column("str"),
            "field": pa.Column("str", pa.Check.isin(list(CODED_FIELDS))),
            "value": pa.Column("str"),
            "source_cell": pa.Column("str"),
            "cell_text": pa.Column("str"),
            "evidence": pa.Column("str"),
            "method": pa.Column("str", pa.Check.isin(["rule", "reviewed"])),
            "reason": pa.Column("str"),
            "rule": pa.Column("str"),
        },
        checks=[
            pa.Check(_evidence_ok, error="evidence is an exact substring of its cell"),
            pa.Check(
                lambda df: (df["evidence"] != "") | df["value"].isin(list(_EMPTY_OK)),
                error="a stated value carries evidence",
            ),
            pa.Check(
                lambda df: (df["method"] != "reviewed") | (df["reason"] != ""),
                error="a reviewed value has a reason",
            ),
            pa.Check(lambda df: len(df) == 51 * len(CODED_FIELDS), error="51 x coded fields"),
        ],
        strict=True,
        ordered=True,
        name="evidence",
    )


assert tuple(evidence_schema().columns) == EVIDENCE_COLUMNS


def format_value(value: Any) -> str:
    """A value as written in evidence.csv: '' for null, true/false, 12 not 12.0."""
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


def ordered_columns(df: pd.DataFrame) -> pd.DataFrame:
    return df[list(COLUMNS)]
