"""Compare every mart of two builds of the project, row for row.

    python scripts/compare_builds.py BEFORE.duckdb AFTER.duckdb [--schemas core,revops,salesops]
        [--layer marts|staging] [--markdown target/compare_builds.md]

Use it around a restructuring: build main into one file, the change into another, and
compare. For each table present in either build's mart schemas it prints the rows before
and after, the rows only in one build, and the columns added or removed. Rows are compared
on the columns both builds share. A table whose first column is a unique `*_id` key is
joined on it, and a row differs when a DOUBLE moves by more than 1e-9 (relative above 1),
a DECIMAL by more than 0.0005 (the last-digit noise of summing money times a double rate,
issue 10) or any other value at all; other tables are compared as whole rows (EXCEPT ALL,
DOUBLEs rounded to 9 decimals). With --cross-engine (two engines' builds, issue 14) the
tolerances are the contracts': 1e-6 on DOUBLEs, 0.005 on DECIMALs (rounded to 6 and 2
decimals in whole-row comparisons).
`--layer staging` compares the staging layer instead of the marts, the same way: every
`stg_*` view (staged rows and their `*_rejects` twins) and every `base_*` classifier table in
the staging schema (`main`), so a rewrite of the staging classifiers can show that it keeps
and rejects the same rows with the same values.
Exit code 1 when any table differs, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

import duckdb

DEFAULT_SCHEMAS = ("core", "revops", "salesops")
STAGING_SCHEMAS = ("main",)
STAGING_PREFIXES = ("stg_", "base_")
DOUBLE_DECIMALS = 9
DOUBLE_TOLERANCE = 1e-9
MONEY_TOLERANCE = 0.0005


@dataclass
class TableComparison:
    """Row and column counts of one mart in the two builds."""

    table: str
    rows_before: int | None
    rows_after: int | None
    only_before: int = 0
    only_after: int = 0
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(
            self.rows_before is None
            or self.rows_after is None
            or self.only_before
            or self.only_after
            or self.columns_added
            or self.columns_removed
        )


def mart_tables(
    con: duckdb.DuckDBPyConnection,
    alias: str,
    schemas: tuple[str, ...],
    prefixes: tuple[str, ...] = (),
) -> dict:
    """{schema.table: {column: type}} for the relations in the schemas (whose schema name ends
    in `_<schema>` or is `<schema>`), only those whose name starts with a prefix when given."""
    rows = con.execute(
        """
        select table_schema, table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = ?
        order by table_schema, table_name, ordinal_position
        """,
        [alias],
    ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for schema, table, column, data_type in rows:
        suffix = schema.rsplit("_", 1)[-1]
        if suffix not in schemas or (prefixes and not table.startswith(prefixes)):
            continue
        tables.setdefault(f"{schema}.{table}", {})[column] = data_type
    return tables


@dataclass(frozen=True)
class Tolerances:
    """How far two builds' values may move and still count as equal."""

    double: float = DOUBLE_TOLERANCE  # absolute, relative above 1
    money: float = MONEY_TOLERANCE  # absolute, on DECIMALs
    double_decimals: int = DOUBLE_DECIMALS  # unkeyed tables: DOUBLEs rounded to this
    money_decimals: int | None = None  # unkeyed tables: DECIMALs rounded to this (None: exact)


SAME_ENGINE = Tolerances()
# Two engines (issue 14): the contract tolerances of docs/metrics.md, 1e-6 on ratios and
# 0.005 on money; float sums in another order move the last digits.
CROSS_ENGINE = Tolerances(double=1e-6, money=0.005, double_decimals=6, money_decimals=2)


def comparable(column: str, data_type: str, tolerances: Tolerances = SAME_ENGINE) -> str:
    quoted = f'"{column}"'
    if data_type in ("DOUBLE", "FLOAT", "REAL"):
        return f"round({quoted}, {tolerances.double_decimals}) as {quoted}"
    if data_type.startswith("DECIMAL") and tolerances.money_decimals is not None:
        return f"round({quoted}, {tolerances.money_decimals}) as {quoted}"
    return quoted


def differs_sql(column: str, data_type: str, tolerances: Tolerances = SAME_ENGINE) -> str:
    """SQL that is true when the two builds' values of a column differ beyond noise."""
    x, y = f'before_row."{column}"', f'after_row."{column}"'
    if data_type in ("DOUBLE", "FLOAT", "REAL"):
        return (
            f"({x} is distinct from {y} and not coalesce("
            f"abs({x} - {y}) <= {tolerances.double} * greatest(1, abs({x})), false))"
        )
    if data_type.startswith("DECIMAL"):
        within = f"abs({x} - {y}) <= {tolerances.money}"
        return f"({x} is distinct from {y} and not coalesce({within}, false))"
    return f"({x} is distinct from {y})"


def keyed_differences(
    con, table: str, key: str, shared: dict[str, str], tolerances: Tolerances = SAME_ENGINE
) -> tuple[int, int] | None:
    """(only before, only after) joined on a unique key; None when the key is not unique."""
    for db in ("before_build", "after_build"):
        dupes = con.execute(
            f'select count(*) - count(distinct "{key}") from {db}.{table}'
        ).fetchall()[0][0]
        if dupes:
            return None
    any_differs = (
        " or ".join(differs_sql(c, t, tolerances) for c, t in shared.items() if c != key)
        or "false"
    )
    joined = f"""
        from before_build.{table} as before_row
        full outer join after_build.{table} as after_row
            on before_row."{key}" = after_row."{key}"
    """
    only_before = con.execute(
        f'select count(*) {joined} where after_row."{key}" is null '
        f'or (before_row."{key}" is not null and ({any_differs}))'
    ).fetchall()[0][0]
    only_after = con.execute(
        f'select count(*) {joined} where before_row."{key}" is null '
        f'or (after_row."{key}" is not null and ({any_differs}))'
    ).fetchall()[0][0]
    return only_before, only_after


def compare(
    before_path: str,
    after_path: str,
    schemas: tuple[str, ...],
    prefixes: tuple[str, ...] = (),
    tolerances: Tolerances = SAME_ENGINE,
) -> list[TableComparison]:
    con = duckdb.connect()
    con.execute(f"attach '{before_path}' as before_build (read_only)")
    con.execute(f"attach '{after_path}' as after_build (read_only)")
    before = mart_tables(con, "before_build", schemas, prefixes)
    after = mart_tables(con, "after_build", schemas, prefixes)
    results = []
    for table in sorted(set(before) | set(after)):
        count = "select count(*) from {db}.{table}"
        rows_before = (
            con.execute(count.format(db="before_build", table=table)).fetchall()[0][0]
            if table in before
            else None
        )
        rows_after = (
            con.execute(count.format(db="after_build", table=table)).fetchall()[0][0]
            if table in after
            else None
        )
        result = TableComparison(table, rows_before, rows_after)
        if table in before and table in after:
            result.columns_added = [c for c in after[table] if c not in before[table]]
            result.columns_removed = [c for c in before[table] if c not in after[table]]
            shared = [c for c in before[table] if c in after[table]]
            key = shared[0] if shared and shared[0].endswith("_id") else None
            keyed = (
                keyed_differences(
                    con, table, key, {c: before[table][c] for c in shared}, tolerances
                )
                if key
                else None
            )
            if keyed is not None:
                result.only_before, result.only_after = keyed
                results.append(result)
                continue
            select_before = ", ".join(comparable(c, before[table][c], tolerances) for c in shared)
            select_after = ", ".join(comparable(c, after[table][c], tolerances) for c in shared)
            difference = (
                "select count(*) from (select {a} from {x}.{t} except all select {b} from {y}.{t})"
            )
            result.only_before = con.execute(
                difference.format(
                    a=select_before, b=select_after, x="before_build", y="after_build", t=table
                )
            ).fetchall()[0][0]
            result.only_after = con.execute(
                difference.format(
                    a=select_after, b=select_before, x="after_build", y="before_build", t=table
                )
            ).fetchall()[0][0]
        results.append(result)
    return results


def markdown(results: list[TableComparison]) -> str:
    lines = [
        "| table | rows before | rows after | only before | only after | columns added "
        "| columns removed |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.table} | {r.rows_before} | {r.rows_after} | {r.only_before} "
            f"| {r.only_after} | {', '.join(r.columns_added)} | {', '.join(r.columns_removed)} |"
        )
    total_rows = sum(r.rows_before or 0 for r in results)
    differing = [r.table for r in results if r.differs]
    lines.append("")
    lines.append(
        f"{len(results)} tables, {total_rows} rows before; "
        f"{len(differing)} tables differ: {', '.join(differing) or 'none'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schemas", help="default: core,revops,salesops (marts) or main")
    parser.add_argument(
        "--layer",
        choices=("marts", "staging"),
        default="marts",
        help="staging: the stg_* views (with their *_rejects) and base_* classifiers instead",
    )
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument(
        "--cross-engine",
        action="store_true",
        help="builds from two engines (e.g. a DuckDB build and scripts/export_marts.py of a "
        "Postgres one): DOUBLEs within 1e-6, DECIMALs within 0.005",
    )
    args = parser.parse_args(argv)
    staging = args.layer == "staging"
    default_schemas = STAGING_SCHEMAS if staging else DEFAULT_SCHEMAS
    schemas = tuple(args.schemas.split(",")) if args.schemas else default_schemas
    prefixes = STAGING_PREFIXES if staging else ()
    tolerances = CROSS_ENGINE if args.cross_engine else SAME_ENGINE
    results = compare(args.before, args.after, schemas, prefixes, tolerances)
    report = markdown(results)
    print(report)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(report + "\n")
    return 1 if any(r.differs for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
