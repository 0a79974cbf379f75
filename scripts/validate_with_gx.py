"""Validate the raw layer and the metric marts with Great Expectations 1.x.

Thin entry point: the code is `revops_warehouse.validate_with_gx` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.validate_with_gx import main

if __name__ == "__main__":
    raise SystemExit(main())
