"""Copy the marts of a PostgreSQL or Spark build into a DuckDB file (issue 14).

    python scripts/export_marts.py --postgres OUT.duckdb        # DBT_POSTGRES_* env vars
    python scripts/export_marts.py --spark-warehouse spark-warehouse OUT.duckdb

The pandas comparer (compare_metrics.py) and the build comparer (compare_builds.py) read
DuckDB files; this puts another engine's marts (schemas ending in _core, _salesops,
_revops, _quality) into one, with the same schema and table names and each column's type
mapped to DuckDB's (double precision -> DOUBLE, numeric(p, s) -> DECIMAL(p, s), character
varying -> VARCHAR ...). Values travel as text (Postgres COPY ... CSV, shortest exact
float text) or as the Spark parquet files themselves, so nothing is rounded on the way.
A mart schema with no table, or a column type with no mapping, is an error.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import duckdb

MART_SUFFIXES = ("_core", "_salesops", "_revops", "_quality")

POSTGRES_TYPES = {
    "double precision": "DOUBLE",
    "real": "FLOAT",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "smallint": "SMALLINT",
    "character varying": "VARCHAR",
    "text": "VARCHAR",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMPTZ",
}


def postgres_connection():
    """A psycopg2 connection from the profile's environment variables and defaults."""
    import psycopg2  # installed with dbt-postgres

    return psycopg2.connect(
        host=os.environ.get("DBT_POSTGRES_HOST", "localhost"),
        port=int(os.environ.get("DBT_POSTGRES_PORT", "5432")),
        user=os.environ.get("DBT_POSTGRES_USER", "revops"),
        password=os.environ.get("DBT_POSTGRES_PASSWORD", "revops"),
        dbname=os.environ.get("DBT_POSTGRES_DATABASE", "revops_warehouse"),
    )


def _postgres_type(data_type: str, precision, scale) -> str:
    if data_type == "numeric":
        if precision is None:
            raise ValueError("numeric column without precision: no exact DuckDB type")
        return f"DECIMAL({precision}, {scale})"
    if data_type not in POSTGRES_TYPES:
        raise ValueError(f"no DuckDB type for Postgres type {data_type!r}")
    return POSTGRES_TYPES[data_type]


def export_postgres(out: duckdb.DuckDBPyConnection, schema_prefix: str) -> list[str]:
    """Copy every mart table of the Postgres build into `out`; the tables copied."""
    copied = []
    with postgres_connection() as pg, pg.cursor() as cur:
        cur.execute(
            """
            select c.table_schema, c.table_name, c.column_name, c.data_type,
                c.numeric_precision, c.numeric_scale
            from information_schema.columns as c
            inner join information_schema.tables as t
                on c.table_schema = t.table_schema and c.table_name = t.table_name
            where t.table_type = 'BASE TABLE' and c.table_schema like %s
            order by c.table_schema, c.table_name, c.ordinal_position
            """,
            [f"{schema_prefix}\\_%"],
        )
        tables: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, data_type, precision, scale in cur.fetchall():
            if schema.endswith(MART_SUFFIXES):
                tables.setdefault((schema, table), []).append(
                    (column, _postgres_type(data_type, precision, scale))
                )
        if not tables:
            raise SystemExit(f"no mart tables in schemas {schema_prefix}_* on Postgres")
        with tempfile.TemporaryDirectory() as tmp:
            for (schema, table), columns in sorted(tables.items()):
                path = Path(tmp) / f"{schema}.{table}.csv"
                with path.open("w") as handle:
                    cur.copy_expert(
                        f'copy (select * from "{schema}"."{table}") to stdout with csv header',
                        handle,
                    )
                out.execute(f'create schema if not exists "{schema}"')
                column_sql = ", ".join(f'"{name}" {kind}' for name, kind in columns)
                out.execute(f'create or replace table "{schema}"."{table}" ({column_sql})')
                types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
                out.execute(
                    f'insert into "{schema}"."{table}" select * from read_csv(?, header = true, '
                    f"columns = {{{types}}}, allow_quoted_nulls = false, auto_detect = false)",
                    [str(path)],
                )
                copied.append(f"{schema}.{table}")
    return copied


def export_spark(out: duckdb.DuckDBPyConnection, warehouse: Path, schema_prefix: str) -> list[str]:
    """Copy every mart table of a Spark session build (parquet under <warehouse>/<schema>.db)."""
    copied = []
    for schema_dir in sorted(warehouse.glob(f"{schema_prefix}_*.db")):
        schema = schema_dir.name[: -len(".db")]
        if not schema.endswith(MART_SUFFIXES):
            continue
        for table_dir in sorted(p for p in schema_dir.iterdir() if p.is_dir()):
            files = sorted(table_dir.rglob("*.parquet"))
            if not files:
                raise SystemExit(f"{table_dir}: no parquet files (is +file_format parquet set?)")
            out.execute(f'create schema if not exists "{schema}"')
            out.execute(
                f'create or replace table "{schema}"."{table_dir.name}" as '
                "select * from read_parquet(?)",
                [[str(f) for f in files]],
            )
            copied.append(f"{schema}.{table_dir.name}")
    if not copied:
        raise SystemExit(f"no mart tables under {warehouse}/{schema_prefix}_*.db")
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--postgres", action="store_true", help="read the postgres target")
    source.add_argument("--spark-warehouse", type=Path, help="dbt-spark session warehouse dir")
    parser.add_argument("out", type=Path, help="DuckDB file to write (replaced)")
    parser.add_argument("--schema", default=None, help="target schema (default: main)")
    args = parser.parse_args(argv)
    prefix = args.schema or os.environ.get("DBT_POSTGRES_SCHEMA", "main")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.unlink(missing_ok=True)
    with duckdb.connect(str(args.out)) as out:
        if args.postgres:
            copied = export_postgres(out, prefix)
        else:
            copied = export_spark(out, args.spark_warehouse, args.schema or "main")
    print(f"export_marts: {len(copied)} mart tables written to {args.out}")
    return 0
