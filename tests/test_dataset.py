"""The processed dataset as a researcher would check it."""

import shutil

import pandas as pd
import pytest

from analysis.core import checksums, paths
from analysis.core.schema import CODED_FIELDS, FIELDS, FIELDS_BY_NAME, JURISDICTIONS
from analysis.facts import load


@pytest.fixture(scope="module")
def committed():
    return load.load_dataset().set_index("state_code", drop=False)


@pytest.fixture(scope="module")
def evidence():
    return load.load_evidence()


def test_one_row_per_jurisdiction_with_codebook_columns(committed):
    assert len(committed) == 51
    assert list(committed.columns) == [f.name for f in FIELDS]
    assert list(committed.index) == [c for c, _, _ in JURISDICTIONS]
    assert committed.loc["DC", "state_fips"] == "11"
    assert committed.loc["WY", "source_row"] == 51


def test_every_evidence_substring_is_in_its_cell(evidence, committed):
    for rec in evidence.itertuples():
        assert rec.evidence in rec.cell_text, (rec.state_code, rec.field)
        assert rec.cell_text == committed.loc[rec.state_code, rec.source_cell]


def test_evidence_covers_every_coded_field_of_every_state(evidence):
    assert set(zip(evidence.state_code, evidence.field, strict=True)) == {
        (c, f) for c, _, _ in JURISDICTIONS for f in CODED_FIELDS
    }


def test_evidence_values_match_the_dataset(evidence, committed):
    from analysis.core.validate import csv_value

    for rec in evidence.itertuples():
        value = committed.loc[rec.state_code, rec.field]
        value = None if pd.isna(value) else value
        assert csv_value(value) == rec.value, (rec.state_code, rec.field)


def test_categoricals_within_their_codes(committed):
    for f in FIELDS:
        if f.codes:
            assert set(committed[f.name]) <= set(f.codes), f.name


def test_not_stated_is_never_zero(committed):
    for name in (
        "final_order_max_months",
        "violation_max_jail_days",
        "violation_max_fine_usd",
        "emergency_order_max_days",
    ):
        assert (committed[name].dropna() > 0).all(), name
    # Empty cells give not_stated / null, never a guess.
    nj = committed.loc["NJ"]
    assert nj.duration_text == "" and nj.final_order_duration_status == "not_stated"
    assert pd.isna(nj.final_order_max_months)
    ia = committed.loc["IA"]
    assert ia.penalty_text == "" and ia.violation_offense_level == "not_stated"


@pytest.mark.parametrize(
    ("code", "field", "expected"),
    [
        # Values the codebook spells out for these very cells.
        ("CO", "emergency_order_max_days", 3),  # "close of business on 3rd day" = 3
        ("CA", "emergency_order_max_days", 7),  # "earlier of 5th business day or 7 days" = 7
        ("OK", "emergency_order_max_days", 1),  # "until close of business on next day" = 1
        ("WA", "emergency_order_max_days", 24),  # "14 or 24 days" = 24
        ("WV", "final_order_max_months", 5.9),  # "90-180 days" gives its upper end, 180 d
        ("WV", "final_order_min_months", 3.0),
        ("MO", "final_order_max_months", 12),  # "min. 180 days to 1 yr."
        ("MO", "final_order_min_months", 5.9),
        ("OR", "final_order_max_months", 12),  # "1 year restraining order"
        ("MI", "final_order_min_months", 6.0),  # 182 d = 6.0
        ("UT", "final_order_max_months", 4.9),  # 150 d = 4.9
        ("MA", "violation_max_jail_days", 912),  # 2.5 years = 912 days
        ("TN", "violation_max_fine_usd", 50),  # "civil penalty of $50" counts as the fine
        ("OH", "final_order_max_months", 60),
        ("NM", "final_order_max_months", 6),
        ("NY", "final_order_max_months_aggravated", 60),
        ("IA", "transmission_deadline", "within_6h"),
        ("CT", "fees_waived", "yes"),  # costs paid by the judicial branch
        ("LA", "fees_waived", "yes"),  # paid by the perpetrator
        ("TN", "fees_waived", "conditional"),  # "determined at hearing"
        ("MO", "civil_liability", "none"),
        ("MI", "civil_liability", "other"),
        ("AK", "statute_repealed", True),
        ("TX", "statute_repealed", True),
        ("IL", "mandatory_min_jail", False),  # guidelines the court is encouraged to follow
        ("OR", "violation_offense_level", "contempt"),
    ],
)
def test_values_the_codebook_settles(committed, code, field, expected):
    value = committed.loc[code, field]
    assert value == expected if not isinstance(expected, bool) else bool(value) is expected


@pytest.mark.parametrize(("code"), ["MI", "MN", "HI"])
def test_minimum_alone_gives_null_maximum(committed, code):
    if code == "MI":
        assert pd.isna(committed.loc[code, "final_order_max_months"])
    else:
        assert pd.isna(committed.loc[code, "violation_max_jail_days"])


def test_or_income_dependent_fine_is_null(committed):
    assert pd.isna(committed.loc["OR", "violation_max_fine_usd"])


def test_reviewed_values_carry_reasons_and_evidence(evidence):
    reviewed = evidence[evidence.method == "reviewed"]
    assert len(reviewed) >= 30
    assert (reviewed.reason.str.len() > 20).all()
    assert (reviewed.evidence != "").all()


def test_data_dictionary_lists_every_column():
    text = (paths.PROCESSED / paths.DICTIONARY_MD).read_text(encoding="utf-8")
    for f in FIELDS:
        assert f"`{f.name}`" in text
        assert FIELDS_BY_NAME[f.name].label in text


def test_corrupt_dataset_gives_a_clear_message(tmp_path):
    (tmp_path / paths.DATASET_CSV).write_text("state_code,foo\nAL,1\n", encoding="utf-8")
    with pytest.raises(load.DataUnavailable, match="python -m analysis build"):
        load.load_dataset(tmp_path)
    with pytest.raises(load.DataUnavailable, match="missing"):
        load.load_evidence(tmp_path)


def test_invalid_value_in_dataset_is_refused(tmp_path):
    # Even with SHA256SUMS re-signed after the edit, validation still refuses the value.
    shutil.copytree(paths.PROCESSED, tmp_path, dirs_exist_ok=True)
    text = (paths.PROCESSED / paths.DATASET_CSV).read_text(encoding="utf-8")
    (tmp_path / paths.DATASET_CSV).write_text(
        text.replace(",within_6h,", ",within_7h,"), encoding="utf-8"
    )
    files = {n: (tmp_path / n).read_bytes() for n in load.recorded_checksums(tmp_path)}
    (tmp_path / paths.CHECKSUMS_FILE).write_bytes(checksums.manifest(files))
    with pytest.raises(load.DataUnavailable, match="validation"):
        load.load_dataset(tmp_path)
