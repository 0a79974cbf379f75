#!/usr/bin/env bash
# The main job: install what is needed, `dbt build` (seeds, models, data tests; unit tests
# run in scripts/test.sh) into the build's own work file ($DBT_DUCKDB_PATH, default
# target/build.duckdb), then, only if the whole build passed, publish the marts atomically
# to the file BI tools read ($PUBLISHED_DUCKDB_PATH, default revenue_ops_warehouse.duckdb;
# $PUBLISHED_STORAGE_VERSION=v1.4.0 for DuckDB 1.x clients). Extra arguments go to dbt build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$PWD/target/build.duckdb}"
published="${PUBLISHED_DUCKDB_PATH:-$PWD/revenue_ops_warehouse.duckdb}"
mkdir -p "$(dirname "$DBT_DUCKDB_PATH")"
start=$(date +%s)
dbt build --exclude "test_type:unit" "$@"
echo "dbt build wall time: $(( $(date +%s) - start )) s"
python scripts/publish.py --build "$DBT_DUCKDB_PATH" --manifest "${DBT_TARGET_PATH:-target}/manifest.json" \
    --published "$published"
