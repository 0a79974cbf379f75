"""The published BI file: marts only, replaced atomically, untouched by a failed build.

scripts/build.sh builds into its own work file and runs scripts/publish.py only after the
whole `dbt build` passed. These tests publish the session's demo build into a temporary
file and check what a BI reader sees.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from warehouse import PROJECT_DIR

PUBLISH = PROJECT_DIR / "scripts" / "publish.py"
MART_SCHEMA_SUFFIXES = ("_core", "_salesops", "_revops", "_quality")


def run_publish(demo_warehouse, published: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(PUBLISH),
            "--build",
            str(demo_warehouse.database),
            "--manifest",
            str(demo_warehouse.target_path / "manifest.json"),
            "--published",
            str(published),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Poller(threading.Thread):
    """Opens the published file read-only again and again, counting reads and errors."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path = path
        self.reads = 0
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with duckdb.connect(
                    str(self.path), read_only=True, config={"enable_external_access": False}
                ) as con:
                    con.execute("select count(*) from information_schema.tables").fetchall()
                self.reads += 1
            except Exception as error:  # noqa: BLE001 - every failure is a finding here
                self.errors.append(str(error))
            time.sleep(0.02)


def test_published_file_holds_marts_only_and_is_not_world_readable(demo_warehouse, tmp_path):
    published = tmp_path / "published.duckdb"
    run_publish(demo_warehouse, published)
    with duckdb.connect(str(published), read_only=True) as con:
        schemas = {
            schema
            for (schema,) in con.execute(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }
        tables = con.execute("select table_name from information_schema.tables").fetchall()
    assert schemas and all(schema.endswith(MART_SCHEMA_SUFFIXES) for schema in schemas)
    names = {name for (name,) in tables}
    assert "fct_mrr_arr_monthly" in names and "dim_months" in names
    assert not any(name.startswith(("stg_", "int_", "raw_")) for name in names)
    mode = stat.S_IMODE(os.stat(published).st_mode)
    assert mode & stat.S_IROTH == 0, oct(mode)


def test_readers_see_no_error_while_the_file_is_replaced(demo_warehouse, tmp_path):
    published = tmp_path / "published.duckdb"
    run_publish(demo_warehouse, published)
    poller = Poller(published)
    poller.start()
    for _ in range(3):
        run_publish(demo_warehouse, published)
    poller.stop.set()
    poller.join()
    assert poller.reads > 0
    assert poller.errors == []


@pytest.mark.slow
def test_failed_build_leaves_the_published_file_byte_identical(demo_warehouse, tmp_path):
    published = tmp_path / "published.duckdb"
    run_publish(demo_warehouse, published)
    before = file_digest(published)
    poller = Poller(published)
    poller.start()
    env = os.environ | {
        "DBT_DUCKDB_PATH": str(tmp_path / "work.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "PUBLISHED_DUCKDB_PATH": str(published),
    }
    # A model that fails (an impossible as_of_date, in an empty work file): the build stops
    # before the publish step.
    failed = subprocess.run(
        [
            "bash",
            str(PROJECT_DIR / "scripts" / "build.sh"),
            "--select",
            "int_calendar_months",
            "--vars",
            "{as_of_date: '2025-13-45'}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    poller.stop.set()
    poller.join()
    assert failed.returncode != 0, failed.stdout[-2000:]
    assert file_digest(published) == before
    assert poller.reads > 0
    assert poller.errors == []


EMAIL_SHAPED = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
PII_COLUMN_NAMES = ("email", "first_name", "last_name", "phone", "mobile")


def test_published_tables_hold_no_pii(demo_warehouse, tmp_path):
    """No e-mail, personal-name or phone column, and no e-mail-shaped value, in any table."""
    published = tmp_path / "published.duckdb"
    run_publish(demo_warehouse, published)
    with duckdb.connect(str(published), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns"
        ).fetchall()
        pii_columns = [
            f"{table}.{column}"
            for _, table, column, _ in columns
            if any(part in column.lower() for part in PII_COLUMN_NAMES)
            and not column.lower().endswith("_hash")
        ]
        emails = []
        text_columns = [c for c in columns if c[3] == "VARCHAR"]
        assert text_columns
        for schema, table, column, _ in text_columns:
            found = con.execute(
                f'select count(*) from "{schema}"."{table}" where regexp_matches("{column}", ?)',
                [EMAIL_SHAPED],
            ).fetchall()[0][0]
            if found:
                emails.append(f"{table}.{column}: {found}")
    assert pii_columns == []
    assert emails == []
