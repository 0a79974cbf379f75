#!/usr/bin/env bash
# The main job: install what is needed, then `dbt build` (seeds, models, tests)
# into the embedded DuckDB file ($DBT_DUCKDB_PATH, default revenue_ops_warehouse.duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
start=$(date +%s)
dbt build "$@"
echo "dbt build wall time: $(( $(date +%s) - start )) s"
