#!/usr/bin/env bash
# Every check: lint, dbt build (data and unit tests), Great Expectations,
# the independent recomputation of every metric, and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

echo "--- ruff"
ruff check scripts src tests

echo "--- sqlfluff lint"
sqlfluff lint models tests/dbt analyses

echo "--- dbt build (seeds, models, data tests, unit tests)"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$PWD/target/ci.duckdb}"
mkdir -p target
rm -f "$DBT_DUCKDB_PATH"
dbt build --fail-fast

echo "--- Great Expectations: raw layer and marts"
python scripts/validate_with_gx.py --duckdb "$DBT_DUCKDB_PATH" --json target/gx_results.json

echo "--- independent recomputation of every metric (pandas oracle vs marts)"
python scripts/compare_metrics.py --duckdb "$DBT_DUCKDB_PATH" --json target/compare_metrics.json

echo "--- pytest"
# The session fixture reuses the demo build above instead of building it again.
# dbt-building tests (fault cases, public datasets, connector layouts) run on two workers,
# grouped by build (tests/python/conftest.py); each build has its own DuckDB file and
# --target-path, and dbt threads: 1 (profiles.yml), so two builds use the two cores.
DEMO_WAREHOUSE_DUCKDB="$DBT_DUCKDB_PATH" DEMO_WAREHOUSE_TARGET="$PWD/target" \
    pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup
