#!/usr/bin/env bash
# Set up everything the project needs, idempotently: Debian's Chromium (for chart images
# and browser tests) and a virtual environment with the locked Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
   || { ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages chromium, poppler-utils, fonts, nginx" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium poppler-utils fonts-dejavu-core nginx \
      >/dev/null
  else
    echo "setup: chromium not found and cannot apt-get install it; chart images (PNG/SVG/PDF)" \
         "and browser tests need it (Debian package 'chromium')" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages from requirements.lock" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -r requirements.lock
  echo "$want" > "$stamp"
fi
