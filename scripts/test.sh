#!/usr/bin/env bash
# Run the whole test suite, browser tests included, on 2 workers (pytest-xdist) with a
# per-test timeout (pytest-timeout, pyproject.toml). Sets everything up first, test group
# included. Extra arguments go to pytest: bash scripts/test.sh tests/test_rules.py
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
