#!/usr/bin/env bash
# One command on a fresh machine: install, build the embedded database from the bundled data
# (schema, knowledge base, UCDP GED Pakistan rows, seeded claims) on first run, and start the
# web application and REST API at http://127.0.0.1:8000/ (Ctrl-C stops it).
# Extra arguments go to `militancydb serve` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/militancydb init
exec .venv/bin/militancydb serve "$@"
