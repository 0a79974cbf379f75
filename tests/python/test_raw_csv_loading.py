"""CSV01: a raw CSV whose only quoted field is on line 25,001 must load losslessly.

DuckDB guesses a CSV dialect from a sample of the first ~20,000 rows; when no quote appears
in the sample, `"` is read as plain text and `L25000,"Acme, Inc.",ops@acme.example` splits
into four fields (duckdb/duckdb issue #11838). The project's external-file route (source
mode, `var('crm_external_location')`) therefore declares the CSV options instead of
sniffing them (models/staging/crm/_crm__sources.yml).

These tests compile `select * from {{ source('crm', 'lead') }}` with dbt, exactly as a
staging model reads a landed file, point it at the case file, run the compiled SQL in
DuckDB and check: 25,000 rows, 3 columns, 25,000 distinct lead_id, and L25000's company
'Acme, Inc.' and e-mail 'ops@acme.example' (case CSV01 in ../shared/cases/README.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SHARED_CASE_FILE = PROJECT_DIR.parent / "shared" / "cases" / "CSV01" / "big_leads.csv"
DBT = Path(sys.executable).with_name("dbt")
ROW_COUNT = 25_000


def write_big_leads(path: Path) -> Path:
    """Write a file shaped like CSV01's big_leads.csv: header + 25,000 rows, one quote at the end.

    Columns lead_id, company, email; rows L1..L24999 unquoted, then
    `L25000,"Acme, Inc.",ops@acme.example`. Returns `path`.
    """
    lines = ["lead_id,company,email"]
    lines += [f"L{i},Company{i},user{i}@example.com" for i in range(1, ROW_COUNT)]
    lines.append(f'L{ROW_COUNT},"Acme, Inc.",ops@acme.example')
    path.write_text("\n".join(lines) + "\n")
    return path


def compile_lead_source(location: Path, workdir: Path) -> str:
    """Compile `select * from {{ source('crm', 'lead') }}` in source mode reading `location`.

    Runs `dbt compile --inline` in a subprocess (as CI does) with
    raw_data_mode=source and crm_external_location=<location>; returns the compiled SQL.
    Raises subprocess.CalledProcessError when dbt fails.
    """
    variables = {"raw_data_mode": "source", "crm_external_location": str(location)}
    env = os.environ | {"DBT_DUCKDB_PATH": str(workdir / "compile.duckdb")}
    result = subprocess.run(
        [
            str(DBT),
            "compile",
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(workdir / "target"),
            "--vars",
            json.dumps(variables),
            "--inline",
            "select * from {{ source('crm', 'lead') }}",
            "--output",
            "json",
            "--quiet",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)["compiled"]


@pytest.fixture(scope="session")
def landed_lead_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Compile the lead source once; return (the landed file path it reads, compiled SQL)."""
    workdir = tmp_path_factory.mktemp("csv01")
    landing_dir = workdir / "landing"
    landing_dir.mkdir()
    compiled_sql = compile_lead_source(landing_dir / "{name}.csv", workdir)
    return landing_dir / "lead.csv", compiled_sql


@pytest.fixture(params=["generated", "shared_case_file"])
def lead_sql(request: pytest.FixtureRequest, landed_lead_file: tuple[Path, str]) -> str:
    """Land the CSV01 input (regenerated, or ../shared/cases/CSV01's file); return the SQL."""
    landed_path, compiled_sql = landed_lead_file
    if request.param == "generated":
        write_big_leads(landed_path)
    elif SHARED_CASE_FILE.exists():
        shutil.copyfile(SHARED_CASE_FILE, landed_path)
    else:
        pytest.skip(f"case file not found: {SHARED_CASE_FILE} (the generated copy still runs)")
    return compiled_sql


def test_external_source_loads_late_quoted_field_losslessly(lead_sql):
    assert "read_csv(" in lead_sql  # declared CSV options, not DuckDB's sniffed dialect
    with duckdb.connect() as con:
        relation = con.execute(lead_sql)
        columns = [description[0] for description in relation.description]
        rows = relation.fetchall()
        distinct_ids = con.execute(f"select count(distinct lead_id) from ({lead_sql})").fetchall()
        acme = con.execute(
            f"select company, email from ({lead_sql}) where lead_id = 'L25000'"
        ).fetchall()

    assert columns == ["lead_id", "company", "email"]
    assert len(rows) == ROW_COUNT
    assert distinct_ids == [(ROW_COUNT,)]
    assert acme == [("Acme, Inc.", "ops@acme.example")]
