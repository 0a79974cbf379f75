"""docs/metrics.md covers every metric column of the SalesOps and RevOps marts.

No dbt build: the columns come from the project's manifest (fixture `project_manifest`: the
demo build scripts/test.sh hands over, else a fresh `dbt parse`). A metric column is any
column of a model under models/marts/salesops or models/marts/revops that is not a key,
grain or descriptive column (`is_metric_column`, the rule docs/metrics.md states). Each must
appear in docs/metrics.md as `model.column`; every `fct_*.column` entry of the catalogue
must name a column that exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse import PROJECT_DIR

CATALOGUE = PROJECT_DIR / "docs" / "metrics.md"
METRIC_MART_FOLDERS = ("models/marts/salesops/", "models/marts/revops/")

# Key, grain and descriptive columns: not metrics, so not required in the catalogue.
NON_METRIC_SUFFIXES = ("_id", "_at", "_date")
NON_METRIC_COLUMNS = frozenset(
    {
        # grain: periods, slices, stages, cohorts, experiments
        "month_start",
        "month_end",
        "quarter_start",
        "quarter_end",
        "t0_month_start",
        "created_month",
        "close_month",
        "acquisition_cohort_month",
        "months_since_acquisition",
        "dimension",
        "dimension_value",
        "segment",
        "channel",
        "acquisition_channel",
        "country",
        "plan_name",
        "billing_interval",
        "currency",
        "stage_name",
        "stage_order",
        "max_stage_name",
        "loss_reason",
        "score_band",
        "score_band_lower",
        "score_band_upper",
        "variant",
        "is_control",
        # descriptive attributes of the entity marts (fct_opportunities, fct_lead_funnel, reps)
        "email_hash",
        "company",
        "lead_source",
        "lead_status",
        "user_name",
        "team_name",
        "opportunity_name",
        "opp_type",
        "status",
        "forecast_category",
    }
)


def is_metric_column(column: str) -> bool:
    """True for a column docs/metrics.md must list (not a key, grain or descriptive column)."""
    return not (column in NON_METRIC_COLUMNS or column.endswith(NON_METRIC_SUFFIXES))


@pytest.fixture(scope="session")
def mart_columns(project_manifest: dict) -> dict[str, list[str]]:
    """Model name -> its columns, for every model under the SalesOps and RevOps marts."""
    nodes = project_manifest["nodes"].values()
    return {
        node["name"]: list(node["columns"])
        for node in nodes
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith(METRIC_MART_FOLDERS)
    }


def catalogue_entries(text: str) -> set[tuple[str, str]]:
    """Every `model.column` the catalogue names (model names start fct_ or dim_)."""
    return set(re.findall(r"\b((?:fct|dim)_\w+)\.(\w+)\b", text))


def missing_metric_columns(mart_columns: dict[str, list[str]], text: str) -> list[str]:
    entries = catalogue_entries(text)
    return sorted(
        f"{model}.{column}"
        for model, columns in mart_columns.items()
        for column in columns
        if is_metric_column(column) and (model, column) not in entries
    )


def test_marts_are_found(mart_columns: dict[str, list[str]]) -> None:
    assert len(mart_columns) >= 20, sorted(mart_columns)


def test_every_metric_column_is_in_the_catalogue(mart_columns: dict[str, list[str]]) -> None:
    missing = missing_metric_columns(mart_columns, CATALOGUE.read_text(encoding="utf-8"))
    assert not missing, (
        f"{len(missing)} mart metric columns missing from docs/metrics.md "
        f"(add them to a metric section as `model.column`): {missing}"
    )


def test_catalogue_entries_name_existing_columns(mart_columns: dict[str, list[str]]) -> None:
    stale = sorted(
        f"{model}.{column}"
        for model, column in catalogue_entries(CATALOGUE.read_text(encoding="utf-8"))
        if model in mart_columns and column not in mart_columns[model]
    )
    assert not stale, f"docs/metrics.md names mart columns that do not exist: {stale}"


def test_a_column_removed_from_the_catalogue_is_reported(
    mart_columns: dict[str, list[str]],
) -> None:
    """The check has teeth: deleting one entry from the text makes it fail."""
    text = CATALOGUE.read_text(encoding="utf-8")
    assert "`fct_win_rates_monthly.win_rate`" in text
    pruned = text.replace("`fct_win_rates_monthly.win_rate`", "")
    assert missing_metric_columns(mart_columns, pruned) == ["fct_win_rates_monthly.win_rate"]


def test_rule_excludes_keys_and_grain_only() -> None:
    assert not is_metric_column("win_rates_monthly_id")
    assert not is_metric_column("month_start")
    assert not is_metric_column("dimension_value")
    assert is_metric_column("win_rate")
    assert is_metric_column("mrr_prev_month")
    assert is_metric_column("is_small_sample")


def test_catalogue_path_is_in_the_repository() -> None:
    assert CATALOGUE.is_file(), Path(CATALOGUE)


def test_every_oracle_function_named_in_the_catalogue_exists():
    """`src/.../module.py:function` references point at a function defined there."""
    import ast

    references = set(re.findall(r"`(src/[\w/]+\.py):(\w+)`", CATALOGUE.read_text()))
    assert references
    stale = []
    for path, function in sorted(references):
        source = PROJECT_DIR / path
        defined = (
            {
                node.name
                for node in ast.parse(source.read_text()).body
                if isinstance(node, ast.FunctionDef)
            }
            if source.exists()
            else set()
        )
        if function not in defined:
            stale.append(f"{path}:{function}")
    assert stale == []
