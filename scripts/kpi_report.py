"""Write the KPI report (one self-contained HTML file with plots) from a build's marts.

    python scripts/kpi_report.py --duckdb target/build.duckdb --out target/kpi_report.html

Thin entry point: the code is `revops_warehouse.kpi_report` (src/revops_warehouse/),
installed in editable mode by scripts/bootstrap.sh; `--help` for the options.
"""

from revops_warehouse.kpi_report import main

if __name__ == "__main__":
    raise SystemExit(main())
