"""Hostile links: arbitrary, unicode, HTML/script and huge query values on every page.

Each page must run without an exception or the app's error box, ignore what it cannot use
(with a notice), and never render user-supplied HTML.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from analysis.app import navigation
from analysis.core import paths, urlstate
from analysis.core.schema import FIELDS

KEYS = sorted(
    {
        "state",
        "states",
        "view",
        "field",
        "q",
        "topics",
        "format",
        "weights",
        "sort",
        "only_diff",
        "page",
        "embed",
        "embed_options",
        *[f.name for f in FIELDS][:60],
    }
)
NASTY = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        "![x](https://evil.example/x.png)",
        "[click](https://evil.example)",
        "{{7*7}}",
        "%00",
        "\u202e\u0000\ufeff",
        "A" * 10_000,
        "9" * 400,
        "-1e309",
        "NaN",
        "MS,AL,TN," * 200,
        "1-2-3",
        "..",
        "../../etc/passwd",
        "SELECT * FROM t",
        "\n\r\t",
        "😀" * 50,
        "MS",
        "true",
        "24-60",
        "yes",
        "not_stated",
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=300))
QUERIES = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=30)), VALUES, max_size=6
)
PAGE_FILES = [spec.script for spec in navigation.PAGES]  # every page, declared once
INJECTED = ("<script", "onerror=", "evil.example", "javascript:")


def _run(page_file: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(page_file)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _assert_safe(at: AppTest) -> None:
    assert not at.exception, at.exception
    errors = " ".join(str(e.value) for e in at.error)
    assert "Something went wrong" not in errors
    for md in at.markdown:
        body = str(md.value)
        for bad in INJECTED:
            assert bad not in body, body[:200]
    for box in list(at.info) + list(at.warning):
        for bad in INJECTED:
            assert bad not in str(box.value)


@pytest.mark.parametrize("page_file", PAGE_FILES)
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=QUERIES)
def test_every_page_survives_hostile_query_params(page_file, query):
    _run_and_check(page_file, query)


def _run_and_check(page_file, query):
    at = _run(page_file, query)
    _assert_safe(at)


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_unknown_parameter_gives_a_visible_notice(page_file):
    at = _run(page_file, {"zzz_unknown": "<b>x</b>"})
    _assert_safe(at)
    assert any("Ignored unknown link parameter" in str(i.value) for i in at.info)


def test_notices_never_echo_raw_markup():
    parsed = urlstate.parse({"<img src=x onerror=alert(1)>": "1"}, [])
    assert parsed.notices and "<" not in parsed.notices[0] and "onerror=" not in parsed.notices[0]
