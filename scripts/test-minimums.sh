#!/usr/bin/env bash
# The suite (without browser tests) against the LOWEST versions pyproject.toml allows:
# every direct dependency at its declared minimum (uv's --resolution lowest-direct), in a
# throwaway environment; .venv is not touched. Prints the versions it tested.
#   bash scripts/test-minimums.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh uv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy
uv=.tools/uv/bin/uv
"$uv" venv -q --python python3 "$tmp/venv"
"$uv" pip install -q --python "$tmp/venv/bin/python" --resolution lowest-direct \
  -r pyproject.toml --group test
echo "minimum versions installed:"
"$uv" pip freeze --python "$tmp/venv/bin/python" \
  | grep -iE '^(streamlit|pandas|numpy|plotly|kaleido|pydeck|pandera|pyarrow|openpyxl|lxml|pillow|jinja2|weasyprint|pydyf|pdfua|axe-playwright-python|pytest|pytest-xdist|pytest-timeout|hypothesis|markdown-it-py|playwright|pypdf|frictionless|jsonschema|pyyaml)=='
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
"$tmp/venv/bin/python" -m pytest -n 2 -m "not browser" -p no:cacheprovider "$@"
