#!/usr/bin/env bash
# Start the dashboard on http://127.0.0.1:8501 (sets everything up first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run serve.py "$@"
