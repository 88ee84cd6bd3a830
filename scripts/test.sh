#!/usr/bin/env bash
# Run the whole test suite, browser tests included, on 2 workers (pytest-xdist) with a
# per-test timeout (pytest-timeout, pyproject.toml), then the load test alone. Sets
# everything up first, test group included. With arguments, runs just those on 2 workers:
#   bash scripts/test.sh tests/test_rules.py
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
workers=(-n "${PYTEST_WORKERS:-2}")
if [ "$#" -eq 0 ]; then
  # The whole suite: everything on two workers, then the load test (ten browsers at once
  # against two servers) alone, so it does not compete with the other worker's tests.
  .venv/bin/python -m pytest "${workers[@]}" -m "not load"
  exec .venv/bin/python -m pytest -m load
fi
exec .venv/bin/python -m pytest "${workers[@]}" "$@"
