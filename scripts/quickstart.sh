#!/usr/bin/env bash
# One command on a fresh machine: install, build the embedded database from the bundled
# data (schema, knowledge base, UCDP GED Pakistan rows, seeded claims) and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/militancydb init
