"""Project settings for the oracle: the dbt vars of `dbt_project.yml` plus overrides.

The oracle must see the same conventions as the dbt build it checks, so it reads the
`vars:` block of `dbt_project.yml` (plain YAML values, no Jinja) and applies the same
overrides a run would pass with `dbt build --vars '{...}'`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..paths import PROJECT_DIR


@dataclass(frozen=True)
class Settings:
    """The dbt vars the oracle needs, typed.

    `vars` keeps every var (after overrides) for modules that need one not named here.
    Dates are `pandas.Timestamp` at midnight (naive), months are first days of month.
    """

    vars: dict[str, Any] = field(repr=False)
    company_time_zone: str
    reporting_currency: str
    reporting_start_month: pd.Timestamp
    as_of_date: pd.Timestamp
    reactivation_window_months: int
    mrr_discount_durations: tuple[str, ...]
    retention_lookback_months: int
    renewal_rate_basis: str
    ltv_churn_window_months: int
    ltv_min_churn_months_for_trust: int
    ltv_max_lifetime_months: int
    min_customers_for_rates: int

    @property
    def as_of_month(self) -> pd.Timestamp:
        """First day of the month containing `as_of_date` (the last report month)."""
        return self.as_of_date.to_period("M").to_timestamp()

    @property
    def months(self) -> pd.DatetimeIndex:
        """Report month starts, `reporting_start_month` .. month of `as_of_date` (dim_months)."""
        return pd.date_range(self.reporting_start_month, self.as_of_month, freq="MS")

    def var(self, name: str, default: Any = None) -> Any:
        """Any dbt var by name (after overrides)."""
        return self.vars.get(name, default)


def load_settings(
    project_dir: Path | str = PROJECT_DIR, overrides: dict[str, Any] | str | None = None
) -> Settings:
    """Read `vars:` from `<project_dir>/dbt_project.yml` and apply `overrides`.

    Args:
        project_dir: the dbt project directory.
        overrides: a dict, or a JSON/YAML string as given to `dbt --vars`.

    Raises:
        FileNotFoundError: no dbt_project.yml in `project_dir`.
    """
    project = yaml.safe_load((Path(project_dir) / "dbt_project.yml").read_text())
    values: dict[str, Any] = dict(project.get("vars") or {})
    if isinstance(overrides, str):
        overrides = (
            json.loads(overrides)
            if overrides.strip().startswith("{")
            else (yaml.safe_load(overrides) or {})
        )
    values.update(overrides or {})
    durations = values.get("mrr_discount_durations", ["forever"])
    if isinstance(durations, str):
        durations = [durations]
    return Settings(
        vars=values,
        company_time_zone=str(values.get("company_time_zone", "UTC")),
        reporting_currency=str(values.get("reporting_currency", "USD")).upper(),
        reporting_start_month=pd.Timestamp(str(values.get("reporting_start_month"))),
        as_of_date=pd.Timestamp(str(values.get("as_of_date"))),
        reactivation_window_months=int(values.get("reactivation_window_months", 0)),
        mrr_discount_durations=tuple(str(d) for d in durations),
        retention_lookback_months=int(values.get("retention_lookback_months", 12)),
        renewal_rate_basis=str(values.get("renewal_rate_basis", "resolved")),
        ltv_churn_window_months=int(values.get("ltv_churn_window_months", 6)),
        ltv_min_churn_months_for_trust=int(values.get("ltv_min_churn_months_for_trust", 3)),
        ltv_max_lifetime_months=int(values.get("ltv_max_lifetime_months", 60)),
        min_customers_for_rates=int(values.get("min_customers_for_rates", 30)),
    )
