#!/usr/bin/env bash
# Install militancydb into ./.venv (created if missing). Used by quickstart.sh and test.sh.
# Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -c constraints.txt -e .
fi
