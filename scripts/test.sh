#!/usr/bin/env bash
# Every check: lint, dbt build (data and unit tests), dbt-bouncer, Great Expectations,
# the independent recomputation of every metric, pytest, and the same project on
# PostgreSQL and Spark compared with DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
started=$SECONDS
step() { echo "--- $1 (at $((SECONDS - started)) s)"; }
mkdir -p target/ci_logs

# Background jobs: a dbt build keeps about one of the two cores busy, so lint, the system
# packages, the Spark venv and the PostgreSQL and Spark builds run beside the foreground
# steps. Each job logs to target/ci_logs/<job>.log; `finish` waits for it, prints the end
# of its log and stops the run (with the log's last 200 lines) when the job failed.
declare -A job_pids=()
start() {
    local name="$1"
    shift
    echo "--- started in the background: $name (at $((SECONDS - started)) s)"
    ("$@") > "target/ci_logs/$name.log" 2>&1 &
    job_pids[$name]=$!
}
finish() {
    local name="$1" status=0
    wait "${job_pids[$name]}" || status=$?
    echo "--- finished: $name, exit $status (at $((SECONDS - started)) s); the end of its log:"
    if [ "$status" != 0 ]; then
        tail -n 200 "target/ci_logs/$name.log"
        echo "FAILED: $name (whole log: target/ci_logs/$name.log)" >&2
        exit "$status"
    fi
    tail -n 25 "target/ci_logs/$name.log"
}
# A step failing stops the background jobs too.
trap 'jobs -p | xargs -r kill 2>/dev/null || true' EXIT

run_postgres="$([ "${SKIP_POSTGRES:-0}" = 1 ] && echo 0 || echo 1)"
run_spark="$([ "${SKIP_SPARK:-0}" = 1 ] && echo 0 || echo 1)"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

system_packages() {
    # The Debian packages the checks need, in one apt-get (two would fight over the dpkg
    # lock): chromium (KPI report test), postgresql, Java 17 (Spark). Then the PostgreSQL
    # server, build role, fresh database and BI role (scripts/postgres_setup.sh).
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    if [ "$run_postgres" = 1 ] && ! command -v pg_ctlcluster >/dev/null 2>&1; then
        missing+=(postgresql)
    fi
    if [ "$run_spark" = 1 ] && ! command -v java >/dev/null 2>&1; then
        missing+=(openjdk-17-jre-headless)
    fi
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
            echo "missing Debian packages: ${missing[*]} (install them as root)" >&2
            return 1
        fi
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if [ "$run_postgres" = 1 ]; then
        POSTGRES_RECREATE_DATABASE=1 bash scripts/postgres_setup.sh
    fi
}

spark_venv="${SPARK_VENV_DIR:-$PWD/.venv-spark}"
spark_environment() {
    # Its own venv: pyspark is large and dbt-spark's pins differ from the project's.
    local stamp="$spark_venv/.requirements.sha256" wanted
    wanted="$(sha256sum requirements-spark.txt | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        python3 -m venv "$spark_venv"
        "$spark_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r requirements-spark.txt
        echo "$wanted" > "$stamp"
    fi
}

start system_packages system_packages
if [ "$run_spark" = 1 ]; then
    start spark_environment spark_environment
fi

step "ruff"
ruff check scripts src tests

# Two processes: 77 s instead of 102 s for the whole project on this 2-core machine. Its
# own dbt target path, so its parse never races the build's target/.
start sqlfluff env DBT_TARGET_PATH=target/sqlfluff \
    sqlfluff lint --processes 2 models tests/dbt analyses

step "dbt build (seeds, models, data tests, unit tests)"
export DBT_DUCKDB_PATH="${DBT_DUCKDB_PATH:-$PWD/target/ci.duckdb}"
rm -f "$DBT_DUCKDB_PATH"
dbt build --fail-fast --threads 2

finish system_packages
if [ "$run_postgres" = 1 ]; then
    # Issue 14: the same project on a real PostgreSQL server, unit tests included
    # (SKIP_POSTGRES=1 leaves it out). The BI-role test runs once this job has finished.
    postgres_checks() {
        set -e
        # Its own target path: switching targets in one target/ forces a full re-parse.
        dbt build --fail-fast --target postgres --target-path target/postgres
        # Its marts: the pandas oracle, and row for row against the DuckDB build.
        python scripts/export_marts.py --postgres target/postgres/marts.duckdb
        python scripts/compare_metrics.py --duckdb target/postgres/marts.duckdb \
            --json target/compare_metrics_postgres.json
        python scripts/compare_builds.py "$DBT_DUCKDB_PATH" target/postgres/marts.duckdb \
            --cross-engine --schemas core,revops,salesops,quality
    }
    start postgres postgres_checks
fi
if [ "$run_spark" = 1 ]; then
    # Issue 14, Spark (in-process session, README "Running on PostgreSQL and Spark"):
    # seeds, models with their contracts and data tests (unit tests stay on DuckDB and
    # PostgreSQL); SKIP_SPARK=1 leaves it out. dbt's own log lands in target/spark.
    finish spark_environment
    spark_checks() {
        set -e
        rm -rf target/spark
        "$spark_venv/bin/dbt" build --fail-fast --target spark --target-path target/spark \
            --log-path target/spark --exclude test_type:unit
        # Its marts: the pandas oracle, and row for row against the DuckDB build.
        python scripts/export_marts.py --spark-warehouse target/spark/warehouse \
            target/spark/marts.duckdb
        python scripts/compare_metrics.py --duckdb target/spark/marts.duckdb \
            --json target/compare_metrics_spark.json
        python scripts/compare_builds.py "$DBT_DUCKDB_PATH" target/spark/marts.duckdb \
            --cross-engine --schemas core,revops,salesops,quality
    }
    start spark spark_checks
fi

step "MetricFlow: semantic layer configs (models/semantic/), checked against the build"
# mf reads target/semantic_manifest.json (written by the build above) and the profile's
# DuckDB file ($DBT_DUCKDB_PATH); its warehouse checks query every metric once. Errors fail
# the run; its warnings (cumulative metrics "with both a measure and a metric": MetricFlow
# 0.213 adds the metric input to dbt 1.11's measure-based YAML itself) are expected. Its
# progress spinner (frames separated by carriage returns) is dropped from the log; its exit
# status still fails the run (pipefail).
mf validate-configs 2>&1 | tr '\r' '\n' | awk 'NF && !/^(⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏) /'

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

finish sqlfluff

step "pytest"
# The session fixture reuses the demo build above instead of building it again.
# dbt-building tests (fault cases, public datasets, connector layouts) run on two workers,
# grouped by build (tests/python/conftest.py); each build has its own DuckDB file and
# --target-path, and dbt threads: 1 (profiles.yml). The BI-role test reads the PostgreSQL
# build: it runs once that job has finished.
DEMO_WAREHOUSE_DUCKDB="$DBT_DUCKDB_PATH" DEMO_WAREHOUSE_TARGET="$PWD/target" \
    pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup --durations=15 \
    --deselect tests/python/test_postgres_bi_role.py

if [ "$run_postgres" = 1 ]; then
    finish postgres
    step "pytest: the read-only BI role on the PostgreSQL build"
    REQUIRE_POSTGRES=1 pytest tests/python/test_postgres_bi_role.py
else
    pytest tests/python/test_postgres_bi_role.py
fi
if [ "$run_spark" = 1 ]; then
    finish spark
fi
step "all checks passed"
