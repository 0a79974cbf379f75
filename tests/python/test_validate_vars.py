"""A wrong var stops the run before any model, with a message naming var, value, choices."""

from __future__ import annotations

import os
import subprocess

import pytest

from warehouse import DBT, PROJECT_DIR


@pytest.mark.slow
def test_wrong_vars_are_named_with_their_allowed_values(tmp_path):
    result = subprocess.run(
        [
            str(DBT),
            "run",
            "--select",
            "dim_months",
            "--target-path",
            str(tmp_path / "target"),
            "--vars",
            "{raw_data_mode: sourc, unknown_enum_severity: {'crm.lead': warning},"
            " as_of_date: '2025-13-01', crm_layout: pipedrive}",
        ],
        cwd=PROJECT_DIR,
        env=os.environ | {"DBT_DUCKDB_PATH": str(tmp_path / "vars.duckdb")},
        capture_output=True,
        text=True,
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'var raw_data_mode = "sourc": allowed values are "seeds", "source"' in log
    assert 'var crm_layout = "pipedrive": allowed values are "salesforce", "hubspot"' in log
    assert "var unknown_enum_severity['crm.lead'] = \"warning\"" in log
    assert 'var as_of_date = "2025-13-01": expected a date written YYYY-MM-DD' in log
    # nothing ran: the error comes before the first model
    assert "schema raw does not exist" not in log.lower()
