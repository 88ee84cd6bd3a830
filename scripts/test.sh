#!/usr/bin/env bash
# Run the whole test suite, browser tests included (sets everything up first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
exec .venv/bin/python -m pytest "$@"
