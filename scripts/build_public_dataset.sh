#!/usr/bin/env bash
# Run the project on a real public dataset (README "Running on public datasets").
#
#   bash scripts/build_public_dataset.sh maven|olist|mrr_playbook [extra dbt build args]
#
# 1. maps the published files (../shared/data, see docs/public_datasets.md) into
#    data/public/<name>/raw/<source>/<table>.csv (+ cleaning_log.csv, rejected_rows.csv);
# 2. runs `dbt build` in source mode on those files into data/public/<name>/warehouse.duckdb,
#    with its own target path (target_public_<name>) and the dataset's calendar vars.
# Overrides (the tests use them): PUBLIC_DATA_SOURCE_DIR (published files),
# PUBLIC_DATA_OUT_DIR (instead of data/public), PUBLIC_DATA_TARGET_PATH (dbt target path).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

dataset="${1:?usage: build_public_dataset.sh maven|olist|mrr_playbook [dbt args]}"
shift
out_dir="${PUBLIC_DATA_OUT_DIR:-$PWD/data/public}/$dataset"
map_args=("$dataset" --out-dir "$out_dir")
if [ -n "${PUBLIC_DATA_SOURCE_DIR:-}" ]; then
    map_args+=(--source-dir "$PUBLIC_DATA_SOURCE_DIR")
fi

python scripts/map_public_datasets.py "${map_args[@]}"
vars="$(python scripts/map_public_datasets.py "$dataset" --out-dir "$out_dir" --print-vars)"
echo "dbt vars: $vars"

export DBT_DUCKDB_PATH="$out_dir/warehouse.duckdb"
rm -f "$DBT_DUCKDB_PATH" "$DBT_DUCKDB_PATH.wal"
# Unit tests are skipped: they run on fixed fixtures (scripts/test.sh runs them with the
# default vars), and a unit test that reads var as_of_date would fail on a dataset's
# calendar and skip its model.
dbt build --target-path "${PUBLIC_DATA_TARGET_PATH:-target_public_$dataset}" --vars "$vars" \
    --exclude "test_type:unit" "$@"
