#!/usr/bin/env bash
# Every check: lint, dbt build (data and unit tests), dbt-bouncer, Great Expectations,
# the independent recomputation of every metric, and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
started=$SECONDS
step() { echo "--- $1 (at $((SECONDS - started)) s)"; }

# Issue 14, Spark (README "Running on PostgreSQL and Spark"): on by default, SKIP_SPARK=1
# skips it. Its own venv (pyspark is large) and Java 17; unit tests stay on DuckDB and
# Postgres. The Spark build (seeds, models with their contracts, data tests) starts here in
# the background, its log in target/spark/build.log, and runs beside the steps below; its
# marts are compared once pytest is done ("Spark marts" below).
spark_pid=""
if [ "${SKIP_SPARK:-0}" != 1 ]; then
    step "Spark: Java 17, .venv-spark, then the Spark build in the background"
    if ! command -v java >/dev/null 2>&1; then
        as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    fi
    spark_venv="${SPARK_VENV_DIR:-$PWD/.venv-spark}"
    spark_stamp="$spark_venv/.requirements.sha256"
    spark_wanted="$(sha256sum requirements-spark.txt | cut -d' ' -f1)"
    if [ ! -f "$spark_stamp" ] || [ "$(cat "$spark_stamp")" != "$spark_wanted" ]; then
        python3 -m venv "$spark_venv"
        "$spark_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r requirements-spark.txt
        echo "$spark_wanted" > "$spark_stamp"
    fi
    rm -rf target/spark
    mkdir -p target/spark
    spark_started=$SECONDS
    "$spark_venv/bin/dbt" build --fail-fast --target spark --target-path target/spark \
        --log-path target/spark --exclude test_type:unit > target/spark/build.log 2>&1 &
    spark_pid=$!
    # A step failing before the wait below stops the Spark build too.
    trap 'kill "$spark_pid" 2>/dev/null || true' EXIT
fi

step "ruff"
ruff check scripts src tests

step "sqlfluff lint"
# Two processes: 77 s instead of 102 s for the whole project on this 2-core machine.
sqlfluff lint --processes 2 models tests/dbt analyses

step "dbt build (seeds, models, data tests, unit tests)"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$PWD/target/ci.duckdb}"
mkdir -p target
rm -f "$DBT_DUCKDB_PATH"
# Two threads: this build runs alone (the pytest builds below run two at a time instead).
dbt build --fail-fast --threads 2

step "MetricFlow: semantic layer configs (models/semantic/), checked against the build"
# mf reads target/semantic_manifest.json (written by the build above) and the profile's
# DuckDB file ($DBT_DUCKDB_PATH); its warehouse checks query every metric once. Errors fail
# the run; its 6 warnings (cumulative metrics "with both a measure and a metric": MetricFlow
# 0.213 adds the metric input to dbt 1.11's measure-based YAML itself) are expected.
mf validate-configs

step "dbt-bouncer (project structure, on target/manifest.json)"
# Its own venv: dbt-bouncer pins duckdb<2, the project needs duckdb 2.
bouncer_version=4.3.0
bouncer_venv="${BOUNCER_VENV_DIR:-$PWD/.venv-bouncer}"
if ! "$bouncer_venv/bin/dbt-bouncer" --version 2>/dev/null | grep -q "$bouncer_version"; then
    python3 -m venv "$bouncer_venv"
    "$bouncer_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "dbt-bouncer==$bouncer_version"
fi
"$bouncer_venv/bin/dbt-bouncer" run --config-file dbt-bouncer.yml

step "Great Expectations: raw layer and marts"
python scripts/validate_with_gx.py --duckdb "$DBT_DUCKDB_PATH" --json target/gx_results.json

step "independent recomputation of every metric (pandas oracle vs marts)"
python scripts/compare_metrics.py --duckdb "$DBT_DUCKDB_PATH" --json target/compare_metrics.json

step "PostgreSQL: server, build role, database, BI role (scripts/postgres_setup.sh)"
# Issue 14: the same project on a real Postgres server. SKIP_POSTGRES=1 skips these steps.
if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
    POSTGRES_RECREATE_DATABASE=1 bash scripts/postgres_setup.sh

    step "dbt build on PostgreSQL (seeds, models, data tests, unit tests)"
    # Its own target path: switching targets in one target/ forces a full re-parse.
    dbt build --fail-fast --target postgres --target-path target/postgres

    step "Postgres marts: pandas oracle, and row for row against the DuckDB build"
    python scripts/export_marts.py --postgres target/postgres/marts.duckdb
    python scripts/compare_metrics.py --duckdb target/postgres/marts.duckdb \
        --json target/compare_metrics_postgres.json
    python scripts/compare_builds.py "$DBT_DUCKDB_PATH" target/postgres/marts.duckdb \
        --cross-engine --schemas core,revops,salesops,quality
    # pytest below: tests/python/test_postgres_bi_role.py must connect, not skip.
    export REQUIRE_POSTGRES=1
fi

step "pytest"
# The KPI report test (tests/python/test_kpi_report.py) opens the report in headless
# Chromium: the Debian package, installed here when missing (CI runs as root).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "chromium missing: run 'sudo apt-get install -y chromium' (the KPI report test needs it)" >&2
    fi
fi
# The session fixture reuses the demo build above instead of building it again.
# dbt-building tests (fault cases, public datasets, connector layouts) run on two workers,
# grouped by build (tests/python/conftest.py); each build has its own DuckDB file and
# --target-path, and dbt threads: 1 (profiles.yml), so two builds use the two cores.
DEMO_WAREHOUSE_DUCKDB="$DBT_DUCKDB_PATH" DEMO_WAREHOUSE_TARGET="$PWD/target" \
    pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup

if [ -n "$spark_pid" ]; then
    step "Spark: waiting for the background build (target/spark/build.log)"
    if ! wait "$spark_pid"; then
        tail -n 60 target/spark/build.log
        echo "The Spark build failed (log: target/spark/build.log)" >&2
        exit 1
    fi
    echo "Spark build finished after $((SECONDS - spark_started)) s"
    grep -E "^.{0,20}(Finished running|Done\.)" target/spark/build.log || true

    step "Spark marts: pandas oracle, and row for row against the DuckDB build"
    python scripts/export_marts.py --spark-warehouse target/spark/warehouse target/spark/marts.duckdb
    python scripts/compare_metrics.py --duckdb target/spark/marts.duckdb \
        --json target/compare_metrics_spark.json
    python scripts/compare_builds.py "$DBT_DUCKDB_PATH" target/spark/marts.duckdb \
        --cross-engine --schemas core,revops,salesops,quality
fi
