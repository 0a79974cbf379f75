"""Compare every metric mart in a built DuckDB file with the independent pandas oracle.

Thin entry point: the code is `revops_warehouse.compare_metrics` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.compare_metrics import main

if __name__ == "__main__":
    raise SystemExit(main())
