"""Source freshness means something (issue 15, part 4; README "Freshness").

- seeds mode: there are no landed tables, so every source's freshness is templated to none
  and `dbt source freshness` ends with "Nothing to do" and exit code 0 (it used to fail with
  one runtime error per source table);
- source mode: a table's freshness reads its load timestamp (`_fivetran_synced` by default,
  var `source_loaded_at_field`), not a business date: in a tiny DuckDB file holding
  `raw.account` synced three days ago and `raw.lead` synced an hour ago, account warns and
  lead passes, even though lead's business date (`created_date`) is years old.

Two dbt commands (about 25 s on two cores), no build: the raw tables are written straight
into a throw-away DuckDB file.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def run_freshness(
    tmp_path: Path, database: Path, extra_args: list[str]
) -> subprocess.CompletedProcess:
    env = {**os.environ, "DBT_DUCKDB_PATH": str(database), "DBT_TARGET": "dev"}
    return subprocess.run(
        ["dbt", "source", "freshness", "--target-path", str(tmp_path / "target"), *extra_args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_seeds_mode_skips_freshness(tmp_path: Path) -> None:
    result = run_freshness(tmp_path, tmp_path / "seeds_mode.duckdb", [])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing to do" in result.stdout
    assert "Runtime Error" not in result.stdout


def test_source_mode_reads_load_timestamp(tmp_path: Path) -> None:
    database = tmp_path / "landed.duckdb"
    now = datetime.now(UTC)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw")
        con.execute(
            "create table raw.account"
            " (id varchar, created_date timestamp, _fivetran_synced timestamptz)"
        )
        con.execute(
            "insert into raw.account values ('a1', ?, ?)",
            [now.replace(tzinfo=None), now - timedelta(days=3)],
        )
        con.execute(
            "create table raw.lead"
            " (id varchar, created_date timestamp, _fivetran_synced timestamptz)"
        )
        con.execute(
            "insert into raw.lead values ('l1', timestamp '2020-01-01 00:00:00', ?)",
            [now - timedelta(hours=1)],
        )
    output = tmp_path / "sources.json"
    result = run_freshness(
        tmp_path,
        database,
        [
            "--vars",
            "{raw_data_mode: source}",
            "--select",
            "source:crm.account",
            "source:crm.lead",
            "--output",
            str(output),
        ],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = {
        entry["unique_id"].rsplit(".", 1)[-1]: entry["status"]
        for entry in json.loads(output.read_text(encoding="utf-8"))["results"]
    }
    assert statuses == {"account": "warn", "lead": "pass"}, result.stdout
