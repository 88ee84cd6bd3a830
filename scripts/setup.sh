#!/usr/bin/env bash
# Set up everything the project needs, idempotently: Debian packages (Chromium for chart
# images and browser tests, poppler-utils, fonts, nginx, and the Pango libraries
# WeasyPrint needs), uv (pinned, with hashes: requirements/uv.txt) and .venv with the
# exact Python packages of uv.lock (hashes checked).
#
#   bash scripts/setup.sh            the app's packages only (what scripts/run.sh uses)
#   bash scripts/setup.sh test       the app's packages and the test group
#   bash scripts/setup.sh all        every group: test tools and the linter (CI)
#   bash scripts/setup.sh uv         uv alone (.tools/uv/bin/uv), .venv untouched
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-runtime}"

install_uv() {
  # uv in a small environment of its own, so the app's environment holds only the lock.
  local stamp=.tools/uv/.requirements.sha256 want
  want=$(sha256sum requirements/uv.txt | cut -d' ' -f1)
  if [ ! -x .tools/uv/bin/uv ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing uv from requirements/uv.txt" >&2
    rm -rf .tools/uv
    python3 -m venv .tools/uv
    .tools/uv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/uv.txt
    echo "$want" > "$stamp"
  fi
}
if [ "$mode" = "uv" ]; then
  install_uv
  exit 0
fi

debs=(chromium poppler-utils fonts-dejavu-core nginx libpango-1.0-0 libpangoft2-1.0-0)
if ! dpkg -s "${debs[@]}" >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages ${debs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
  else
    echo "setup: missing Debian packages (some of: ${debs[*]}) and cannot apt-get install" \
         "them; chart images and browser tests need chromium, the PDF brief needs Pango" >&2
  fi
fi

install_uv
export UV_PROJECT_ENVIRONMENT=.venv UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy
case "$mode" in
  runtime) groups=(--no-default-groups) ;;       # exact: test tools are removed
  test) groups=(--no-default-groups --group test --inexact) ;;
  all) groups=(--all-groups) ;;
  *) echo "setup: unknown mode '$mode' (runtime, test, all or uv)" >&2; exit 2 ;;
esac
# --frozen: install exactly uv.lock (every file's hash is checked), never re-resolve.
.tools/uv/bin/uv sync --frozen --quiet --python python3 "${groups[@]}"
