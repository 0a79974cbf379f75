#!/usr/bin/env bash
# Every check: lint, dbt build (data and unit tests), Great Expectations,
# the independent recomputation of every metric, and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

echo "--- ruff"
ruff check scripts tests

echo "--- dbt build (seeds, models, data tests, unit tests)"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$PWD/target/ci.duckdb}"
mkdir -p target
rm -f "$DBT_DUCKDB_PATH"
dbt build --fail-fast

echo "--- sqlfluff lint"
sqlfluff lint models tests/dbt analyses

echo "--- pytest"
pytest
