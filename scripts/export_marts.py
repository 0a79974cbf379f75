"""Copy the marts of a PostgreSQL or Spark build into a DuckDB file, for the comparers.

Thin entry point: the code is `revops_warehouse.export_marts` (src/revops_warehouse/);
`--help` for the options.
"""

from revops_warehouse.export_marts import main

if __name__ == "__main__":
    raise SystemExit(main())
