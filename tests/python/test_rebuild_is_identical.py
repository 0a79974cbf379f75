"""Two builds of the same input give the same marts, value for value (issue 10).

Money converted to the reporting currency is rounded once per row (macro
convert_to_reporting) before any sum, so no mart depends on the order DuckDB adds rows in.
This test builds the demo a second time into its own file and compares every mart table of
that build with the session's demo build exactly: no tolerance.
"""

from __future__ import annotations

import os
import subprocess

import duckdb
import pytest

from warehouse import DBT, PROJECT_DIR

MART_SCHEMA_SUFFIXES = ("_core", "_salesops", "_revops", "_quality")


@pytest.mark.slow
def test_second_build_is_identical(demo_warehouse, tmp_path):
    rebuilt = tmp_path / "rebuilt.duckdb"
    subprocess.run(
        [
            str(DBT),
            "build",
            "--quiet",
            "--exclude",
            "test_type:unit",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=os.environ | {"DBT_DUCKDB_PATH": str(rebuilt)},
        check=True,
    )
    con = duckdb.connect()
    con.execute("attach ? as first_build (read_only)", [str(demo_warehouse.database)])
    con.execute("attach ? as second_build (read_only)", [str(rebuilt)])
    tables = [
        (schema, table)
        for schema, table in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'first_build'"
        ).fetchall()
        if schema.endswith(MART_SCHEMA_SUFFIXES)
    ]
    assert len(tables) >= 31
    differing = {}
    for schema, table in tables:
        counts = [
            con.execute(
                f'select count(*) from (select * from {a}."{schema}"."{table}" '
                f'except all select * from {b}."{schema}"."{table}")'
            ).fetchall()[0][0]
            for a, b in (("first_build", "second_build"), ("second_build", "first_build"))
        ]
        if any(counts):
            differing[table] = counts
    assert differing == {}
