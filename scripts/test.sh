#!/usr/bin/env bash
# One command on a fresh machine: install everything the tests need, then lint, type-check
# and run the whole test suite on SQLite and on a real PostgreSQL server the tests start, with
# the web application tested in a real headless Chromium (Debian's; no browser is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  echo "installing PostgreSQL server binaries (Debian package 'postgresql')"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! command -v chromium >/dev/null; then
  echo "installing Chromium for the browser tests (Debian package 'chromium')"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! fc-list 2>/dev/null | grep "Noto Naskh Arabic" >/dev/null; then  # not -q: pipefail
  # PDF reports set Arabic and Urdu source titles in Noto Naskh Arabic / Noto Nastaliq Urdu
  echo "installing Arabic and Urdu fonts (Debian package 'fonts-noto-core')"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null
fi
scripts/setup.sh dev
.venv/bin/ruff check militancydb tests bench scripts
.venv/bin/ruff format --check militancydb tests bench scripts
.venv/bin/mypy militancydb
.venv/bin/lint-imports --no-logo --no-cache  # the layers of docs/architecture.md (pyproject.toml)
.venv/bin/python -m pytest -q -n auto "$@"
