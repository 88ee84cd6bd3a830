"""Many users at once: 10 browser sessions through nginx to 2 Streamlit processes."""

import pytest

from analysis.tools import loadtest

# `load`: it needs the machine to itself, so scripts/test.sh runs it alone, after the rest.
pytestmark = [pytest.mark.browser, pytest.mark.load]


def test_ten_sessions_through_nginx_with_sticky_sessions_have_no_errors():
    result = loadtest.run(sessions=10, seconds=20, backends=2)
    s = result.summary()
    print("load test:", s)
    assert s["errors"] == 0, s["error_samples"]
    assert s["interactions"] >= 10  # every session did real work
    assert s["latency_p50_ms"] is not None
