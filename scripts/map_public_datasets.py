"""Map a real public dataset into the project's raw layout.

Thin entry point: the code is `revops_warehouse.map_public_datasets` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.map_public_datasets import main

if __name__ == "__main__":
    raise SystemExit(main())
