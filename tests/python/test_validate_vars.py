"""A wrong var stops the run before any model, with a message naming var, value, choices."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

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
            " as_of_date: '2025-13-01', crm_layout: pipedrive, crm_layuot: simple}",
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
    # a misspelled name is not ignored (its default would be used without a word)
    assert ("var crm_layuot (--vars) is not a var of this project: did you mean"
            " crm_layout or crm_external_location?") in log
    # nothing ran: the error comes before the first model
    assert "schema raw does not exist" not in log.lower()


def test_the_known_var_names_are_dbt_project_vars():
    """macros/validate_vars.sql lists the project's var names (Jinja cannot read
    dbt_project.yml): the list must be the keys of dbt_project.yml `vars:`."""
    declared = set(yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"])
    macro = (PROJECT_DIR / "macros" / "validate_vars.sql").read_text()
    body = macro[macro.index("macro project_var_names()"):]
    listed = set(re.findall(r"'([a-z0-9_]+)'", body[: body.index("endmacro")]))
    assert listed - declared == set(), "in project_var_names() but not in dbt_project.yml vars"
    assert declared - listed == set(), "in dbt_project.yml vars but not in project_var_names()"
