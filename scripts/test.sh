#!/usr/bin/env bash
# Run the whole test suite, browser tests included (sets everything up first, the test
# group included). Extra arguments go to pytest: bash scripts/test.sh tests/test_rules.py
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
exec .venv/bin/python -m pytest "$@"
