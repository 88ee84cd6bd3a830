#!/usr/bin/env bash
# Start the dashboard on http://127.0.0.1:8501 (sets everything up first: the app's
# packages only, no test tools).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh runtime
exec .venv/bin/python -m streamlit run serve.py "$@"
