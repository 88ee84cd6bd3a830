"""Property-based: the text parsers never raise on arbitrary text, and keep their contracts."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.build import rules, segment, womenslaw
from analysis.core.schema import FIELDS_BY_NAME

# Arbitrary unicode, plus text built from the table's own vocabulary to reach deep branches.
VOCAB = st.sampled_from(
    [
        "maximum",
        "minimum",
        "min.",
        "up to",
        "1 year",
        "2 yrs.",
        "90-180 days",
        "72 hours",
        "Emergency:",
        "General:",
        "Temporary:",
        "Ex parte:",
        "Maximum:",
        "may be extended",
        "until further order of court",
        "permanent",
        "$1,000",
        "$150-500",
        "jail",
        "fine",
        "misdemeanor",
        "Class A",
        "felony",
        "If 2nd or subsequent:",
        "contempt",
        "; ",
        ". ",
        "Yes",
        "No",
        "within 24 hours",
        "immediately",
        "registry",
        "14 or 24 days",
        "3rd day",
        "next day",
        "1% annual income",
        "mandatory minimum",
        "encouraged",
        "\u00a0",
        "§",
        "99999999999",
        "1e309",
        "0.0.0",
        "five",
        "twelve",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(VOCAB, max_size=40).map(" ".join))

CELL_RULES = [
    *rules.DURATION_RULES.values(),
    *rules.PENALTY_RULES.values(),
    rules.fees_waived,
    rules.transmission_deadline,
    rules.statewide_registry,
    rules.civil_liability,
    rules.statute_repealed,
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_cell_rules_never_raise_and_quote_their_input(text):
    for fn in CELL_RULES:
        coded = fn(text)
        assert coded.evidence in text
    row = rules.code_row(
        {
            c: text
            for c in (
                "code_section",
                "activities_text",
                "duration_text",
                "penalty_text",
                "who_may_apply_text",
                "fees_waived_text",
                "transmission_text",
                "civil_liability_text",
            )
        }
    )
    for name, coded in row.items():
        f = FIELDS_BY_NAME[name]
        if f.codes and coded.value is not None:
            assert coded.value in f.codes
        if f.dtype in ("int", "float") and coded.value is not None:
            assert coded.value >= 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_split_cells_raises_only_value_error(text):
    openings = {
        "code_section": "30-5-1",
        "activities_text": "Enjoin",
        "duration_text": "Up to",
        "penalty_text": "Willful",
        "who_may_apply_text": "An adult",
        "fees_waived_text": "",
        "transmission_text": "Copy",
        "civil_liability_text": "",
    }
    try:
        cells = segment.split_cells(text, openings)
    except ValueError:
        return
    assert "".join(cells.values()).replace(" ", "") in text.replace(" ", "").replace("\u00a0", "")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_womenslaw_parser_raises_only_build_errors(text):
    from pathlib import Path

    from analysis.core.errors import BuildError

    with contextlib.suppress(BuildError):
        womenslaw.parse_notes("Know the Laws: Mississippi\n" + text, Path("x.txt"), "s", "d")
