"""Map a real public dataset into the project's raw layout.

    python scripts/map_public_datasets.py maven|olist|mrr_playbook [--source-dir DIR]
        [--out-dir DIR] [--pipeline-variant original|ddmmyy] [--print-vars]

Writes `data/public/<name>/raw/<source>/<table>.csv` for every raw table of the contract
(docs/architecture.md "Raw layer"; header-only when the dataset cannot feed it), plus
`cleaning_log.csv`, `rejected_rows.csv` and `extras/`. `--print-vars` prints the dbt
`--vars` JSON for the mapped folder instead (used by scripts/build_public_dataset.sh).
Mapping tables and cleaning rules: docs/public_datasets.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from revops_warehouse.cases.raw_layout import header_only_tables
from revops_warehouse.public_datasets import maven, mrr_playbook, olist
from revops_warehouse.public_datasets.common import PROJECT_DIR, SOURCES

DATASETS = {module.DATASET: module for module in (maven, olist, mrr_playbook)}


def dbt_vars(dataset: str, out_dir: Path) -> dict:
    """The dbt vars that read `out_dir/raw/<source>/{name}.csv` in source mode.

    Returns raw_data_mode 'source', one `<source>_external_location` per source (dbt-duckdb
    renders `{name}` as the raw table name) and the dataset's calendar vars.
    """
    raw_dir = Path(out_dir).resolve() / "raw"
    return {
        "raw_data_mode": "source",
        **{f"{source}_external_location": f"{raw_dir / source}/{{name}}.csv" for source in SOURCES},
        # the tables a dataset does not have are landed header-only on purpose
        "raw_tables_allowed_empty": header_only_tables(raw_dir),
        **DATASETS[dataset].DBT_VARS,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=sorted(DATASETS))
    parser.add_argument("--source-dir", type=Path)
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument(
        "--pipeline-variant",
        choices=["original", "ddmmyy"],
        default="original",
        help="maven only: which pipeline export to read",
    )
    parser.add_argument("--print-vars", action="store_true")
    args = parser.parse_args(argv)
    module = DATASETS[args.dataset]
    out_dir = args.out_dir or PROJECT_DIR / "data" / "public" / args.dataset
    if args.print_vars:
        print(json.dumps(dbt_vars(args.dataset, out_dir)))
        return 0
    kwargs = {"source_dir": args.source_dir or module.DEFAULT_SOURCE_DIR, "out_dir": out_dir}
    if args.dataset == "maven":
        kwargs["pipeline_variant"] = args.pipeline_variant
    result = module.map_dataset(**kwargs)
    fed = {table: rows for table, rows in result.table_rows.items() if rows}
    print(
        f"{result.dataset}: wrote {len(result.table_rows)} raw tables under {result.out_dir}/raw "
        f"({len(fed)} with rows: {fed}); {result.cleaning_rules} cleaning rules logged; "
        f"{result.rejected_rows} rows rejected"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
