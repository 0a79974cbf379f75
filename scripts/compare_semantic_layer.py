"""Run the MetricFlow saved queries (models/semantic/) and compare them with the KPI marts.

Thin entry point: the code is `revops_warehouse.semantic_layer` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.semantic_layer import main

if __name__ == "__main__":
    raise SystemExit(main())
