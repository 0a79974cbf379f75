"""Compare every mart of two builds of the project, row for row.

Thin entry point: the code is `revops_warehouse.compare_builds` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.compare_builds import main

if __name__ == "__main__":
    raise SystemExit(main())
