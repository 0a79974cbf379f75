"""Generate the demo company's raw seeds (CRM, marketing, billing, finance).

Thin entry point: the code is `revops_warehouse.generator` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.generator import main

if __name__ == "__main__":
    raise SystemExit(main())
