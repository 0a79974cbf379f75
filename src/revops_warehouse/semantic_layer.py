"""Run the MetricFlow saved queries of models/semantic/ and compare them with the KPI marts.

    python scripts/compare_semantic_layer.py --duckdb "$DBT_DUCKDB_PATH" [--target-path target]

`mf` has no --target and always reads `<project dir>/target/semantic_manifest.json`, whose
relations name the DuckDB catalog after the file's stem. So the saved queries run in a
subprocess on a scratch project directory: dbt_project.yml and profiles.yml of this project,
the semantic manifest of the build being checked, and a copy of its DuckDB file (same stem,
so the catalog matches; a copy, so MetricFlow's read-write connection never locks the build
out from other readers). One MetricFlow engine runs every saved query (one start-up).

Each saved query reproduces one slice of a wide KPI mart: `*_company` the rows with segment
'all', `*_by_segment` the segment rows (`segment` entity); or of a metric mart whose KPIs the
wide marts do not hold (LTV, marketing ROI, quota attainment, forecast accuracy and the weighted
pipeline forecast, inflation and real growth, stage durations, the deal-stage and lead funnels,
campaign performance, flow velocity, lead-score bands): the rows and slice key its
SavedQuerySpec names. A mart with one row per stage is compared stage by stage (each stage's
value is its own metric: SavedQuerySpec.pivot). Every metric is compared with its
mart column at the contract tolerances: DOUBLE ±1e-6 (plus relative 1e-9 for large values),
DECIMAL ±0.005 (money), integers exactly, NULL with NULL. A month × segment the saved query
has no row for compares as 0 for additive metrics (counts and money) and NULL otherwise.
Known gaps (README "Semantic layer"): growth metrics need MRR of months before the first
report month, which the semantic layer (report months only) does not see.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from revops_warehouse.paths import PROJECT_DIR

RATIO_TOLERANCE = 1e-6
RATIO_RELATIVE_TOLERANCE = 1e-9
MONEY_TOLERANCE = 0.005


@dataclass(frozen=True)
class SavedQuerySpec:
    """How one saved query maps onto its mart: the mart, which rows, metric -> column.

    A wide KPI mart (by_segment True / False) is keyed by month_start and segment. A metric
    mart says which rows (`mart_where`, SQL on the mart), which mart expression is the slice
    (`mart_key`) and which query column it matches (`query_key`; None: the company, one row
    per period), and its period (`time_column`, `query_time`).
    """

    name: str
    mart: str
    by_segment: bool
    metrics: tuple[str, ...]
    columns: dict[str, str] = field(default_factory=dict)  # metric -> mart column (renames)
    additive: frozenset[str] = frozenset()  # metrics that are 0 where the query has no row
    mart_where: str | None = None  # default: the wide KPI marts' segment rule
    mart_key: str = "segment"  # SQL on the mart; several query keys: joined with '|'
    query_key: str | tuple[str, ...] | None = None  # default: "segment" when by_segment
    time_column: str | None = "month_start"  # None: one all-time row per key
    query_time: str | None = "metric_time__month"
    # A mart with one row per stage (or band) whose stages are separate metrics: the mart
    # column `pivot` picks, for each metric named in `pivot_values`, the row it is compared with.
    pivot: str | None = None
    pivot_values: dict[str, str] = field(default_factory=dict)

    def column(self, metric: str) -> str:
        return self.columns.get(metric, metric)

    def query_keys(self) -> tuple[str, ...]:
        key = self.key_column()
        if key is None:
            return ()
        return (key,) if isinstance(key, str) else tuple(key)

    def where(self) -> str:
        if self.mart_where is not None:
            return self.mart_where
        return "segment != 'all'" if self.by_segment else "segment = 'all'"

    def key_column(self) -> str | tuple[str, ...] | None:
        if self.query_key is not None:
            return self.query_key
        return "segment" if self.by_segment else None


REVOPS_METRICS = (
    "mrr", "arr", "active_customers", "arpa", "start_mrr", "new_mrr", "reactivation_mrr",
    "expansion_mrr", "contraction_mrr", "churned_mrr", "fx_impact", "net_new_mrr",
    "new_customers", "churned_customers", "customer_churn_rate", "customer_churn_rate_annualised",
    "gross_mrr_churn_rate", "net_mrr_churn_rate", "quick_ratio", "expansion_rate",
    "expansion_share_of_new_arr", "pct_customers_expanded", "revenue_growth_mom",
    "revenue_growth_yoy", "cmgr_12", "nrr", "grr", "logo_retention", "gross_dollar_renewal_rate",
    "net_dollar_renewal_rate", "logo_renewal_rate",
    "pending_renewal_arr", "planned_mrr", "plan_attainment", "plan_variance",
    "trailing_12m_customer_churn_rate", "invoiced_amount", "collected_amount", "refunded_amount",
    "net_collected_amount",
)
REVOPS_ADDITIVE = frozenset({
    "mrr", "arr", "active_customers", "start_mrr", "new_mrr", "reactivation_mrr",
    "expansion_mrr", "contraction_mrr", "churned_mrr", "fx_impact", "net_new_mrr",
    "new_customers", "churned_customers", "invoiced_amount", "collected_amount",
    "refunded_amount", "net_collected_amount",
})
SALESOPS_SEGMENT_METRICS = (
    "won_count", "lost_count", "won_amount", "win_rate", "win_rate_value", "win_loss_ratio",
    "avg_won_deal_size", "opportunities_created", "close_rate", "close_rate_value",
    "avg_sales_cycle_days", "median_sales_cycle_days", "avg_cycle_days_all_closed",
    "avg_time_to_close_days", "median_time_to_close_days", "avg_time_to_close_days_with_fallback",
    "win_rate_excl_no_decision", "open_pipeline_count", "open_pipeline_amount",
    "weighted_open_pipeline_amount", "pipeline_velocity_per_day", "pipeline_velocity_per_30_days",
    "new_customers", "new_mrr",
)
SALESOPS_COMPANY_METRICS = SALESOPS_SEGMENT_METRICS + (
    "sales_marketing_cost", "blended_cac", "marketing_only_cac", "new_customer_cac_ratio",
    "paid_cac", "cac_payback_months",
    "marketing_program_spend", "lead_count", "cpl", "cost_per_mql", "cost_per_sql", "mql_count",
    "sql_count", "sales_sourced_sql_count", "sql_over_mql_period_ratio",
    "median_speed_to_lead_hours", "paid_cpl", "lead_close_rate", "mql_reach_rate", "sql_reach_rate",
    "opportunity_reach_rate", "customer_reach_rate",
)
SALESOPS_ADDITIVE = frozenset({
    "won_count", "lost_count", "won_amount", "opportunities_created", "new_customers", "new_mrr",
    "open_pipeline_count", "open_pipeline_amount", "weighted_open_pipeline_amount",
})
SALESOPS_COLUMNS = {"new_customers": "new_logos"}

SAVED_QUERIES = (
    SavedQuerySpec("revops_kpis_monthly_company", "fct_revops_kpis_monthly", False,
                   REVOPS_METRICS, additive=REVOPS_ADDITIVE),
    SavedQuerySpec("revops_kpis_monthly_by_segment", "fct_revops_kpis_monthly", True,
                   REVOPS_METRICS, additive=REVOPS_ADDITIVE),
    SavedQuerySpec("salesops_kpis_monthly_company", "fct_salesops_kpis_monthly", False,
                   SALESOPS_COMPANY_METRICS, SALESOPS_COLUMNS, SALESOPS_ADDITIVE),
    SavedQuerySpec("salesops_kpis_monthly_by_segment", "fct_salesops_kpis_monthly", True,
                   SALESOPS_SEGMENT_METRICS, SALESOPS_COLUMNS, SALESOPS_ADDITIVE),
    # KPIs of the metric marts (issue 15): one slice of the mart each
    SavedQuerySpec(
        "marketing_roi_monthly_company", "fct_marketing_roi_monthly", False,
        ("marketing_roi", "marketing_roi_gm", "roas", "paid_attributed_new_arr",
         "paid_roi_spend"),
        {"paid_attributed_new_arr": "new_arr_attributed", "paid_roi_spend": "roi_spend"},
        mart_where="dimension = 'total'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "marketing_roi_monthly_by_channel_type", "fct_marketing_roi_monthly", True,
        ("marketing_roi", "marketing_roi_gm", "roas"),
        mart_where="dimension = 'channel_type'", mart_key="dimension_value",
        query_key="marketing_roi_month__channel_type",
    ),
    SavedQuerySpec(
        "marketing_roi_monthly_by_channel", "fct_marketing_roi_monthly", True,
        ("channel_marketing_roi", "channel_marketing_roi_gm", "channel_roas",
         "attributed_new_arr", "roi_spend"),
        {"channel_marketing_roi": "marketing_roi", "channel_marketing_roi_gm": "marketing_roi_gm",
         "channel_roas": "roas", "attributed_new_arr": "new_arr_attributed"},
        # a channel with no row in a month: no new ARR (0); its spend stays unknown
        frozenset({"attributed_new_arr"}),
        mart_where="dimension = 'channel'", mart_key="dimension_value", query_key="channel",
    ),
    SavedQuerySpec(
        "rep_quota_attainment_monthly", "fct_rep_scorecard_monthly", True,
        ("quota_attainment", "rep_won_new_arr", "quota_new_arr"),
        {"rep_won_new_arr": "won_new_arr"},
        mart_where="true", mart_key="user_id", query_key="rep",
    ),
    SavedQuerySpec(
        "sales_forecast_quarterly_company", "fct_sales_forecast_quarterly", False,
        ("forecast_accuracy", "forecast_bias", "weighted_pipeline_forecast"),
        mart_where="dimension = 'total'", mart_key="dimension_value",
        time_column="quarter_start", query_time="metric_time__quarter",
    ),
    SavedQuerySpec(
        "sales_forecast_quarterly_by_rep", "fct_sales_forecast_quarterly", True,
        ("forecast_accuracy", "forecast_bias", "weighted_pipeline_forecast"),
        mart_where="dimension = 'rep'", mart_key="dimension_value", query_key="rep",
        time_column="quarter_start", query_time="metric_time__quarter",
    ),
    SavedQuerySpec(
        "revenue_growth_monthly_company", "fct_revenue_growth_monthly", False,
        ("cpi_index", "inflation_yoy", "real_revenue_growth_yoy"),
        mart_where="dimension = 'total'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "revenue_growth_monthly_by_segment", "fct_revenue_growth_monthly", True,
        ("cpi_index", "inflation_yoy", "real_revenue_growth_yoy"),
        mart_where="dimension = 'segment'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "customer_lifetime_value_monthly_company", "fct_customer_lifetime_value", False,
        ("ltv", "ltv_revenue", "ltv_to_cac"),
        mart_where="dimension = 'total'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "customer_lifetime_value_monthly_by_segment", "fct_customer_lifetime_value", True,
        ("segment_ltv", "segment_ltv_revenue"),
        {"segment_ltv": "ltv", "segment_ltv_revenue": "ltv_revenue"},
        mart_where="dimension = 'segment'", mart_key="dimension_value",
    ),
)

# SalesOps KPIs outside the wide marts (issue 15, second part): stage durations, the deal-stage
# and lead funnels (one mart row per stage: each stage's value is its own metric, `pivot`),
# campaign performance, flow velocity and lead-score bands.
STAGE_DURATION_METRICS = ("stage_exited_count", "stage_skipped_count", "median_days_in_stage",
                          "avg_days_in_stage")
STAGE_DURATION_COLUMNS = {"stage_exited_count": "exited_count",
                          "stage_skipped_count": "skipped_count"}
DEAL_STAGES = ("prospecting", "discovery", "demo", "proposal", "negotiation", "closed_won")
DEAL_FUNNEL_METRICS = (
    "deal_cohort_count",
    *(f"deals_reached_{stage}" for stage in DEAL_STAGES),
    *(f"deal_{stage}_reach_rate" for stage in DEAL_STAGES),
    *(f"deal_{a}_to_{b}_rate" for a, b in zip(DEAL_STAGES, DEAL_STAGES[1:], strict=False)),
)
DEAL_FUNNEL_COLUMNS = {
    "deal_cohort_count": "cohort_count",
    **{f"deals_reached_{stage}": "reached_count" for stage in DEAL_STAGES},
    **{f"deal_{stage}_reach_rate": "reach_rate" for stage in DEAL_STAGES},
    **{f"deal_{a}_to_{b}_rate": "stage_to_stage_rate"
       for a, b in zip(DEAL_STAGES, DEAL_STAGES[1:], strict=False)},
}
DEAL_FUNNEL_STAGES = {
    "deal_cohort_count": "prospecting",
    **{f"deals_reached_{stage}": stage for stage in DEAL_STAGES},
    **{f"deal_{stage}_reach_rate": stage for stage in DEAL_STAGES},
    **{f"deal_{a}_to_{b}_rate": b for a, b in zip(DEAL_STAGES, DEAL_STAGES[1:], strict=False)},
}
# metric -> (fct_funnel_reach_monthly column, stage row)
FUNNEL_REACH = {
    "lead_count": ("lead_count", "lead"),
    "mql_reach_rate": ("reach_rate", "mql"),
    "sql_reach_rate": ("reach_rate", "sql"),
    "opportunity_reach_rate": ("reach_rate", "opportunity"),
    "customer_reach_rate": ("reach_rate", "customer"),
    "mql_to_sql_stage_rate": ("stage_to_stage_rate", "sql"),
    "sql_to_opportunity_stage_rate": ("stage_to_stage_rate", "opportunity"),
    "opportunity_to_customer_stage_rate": ("stage_to_stage_rate", "customer"),
    "literal_mql_reach_rate": ("literal_reach_rate", "mql"),
    "literal_sql_reach_rate": ("literal_reach_rate", "sql"),
    "literal_opportunity_reach_rate": ("literal_reach_rate", "opportunity"),
    "lead_close_rate": ("literal_reach_rate", "customer"),
}
CAMPAIGN_COLUMNS = {
    "campaign_spend": "spend_amount", "campaign_lead_count": "lead_count",
    "campaign_mql_count": "mql_count", "campaign_sql_count": "sql_count",
    "campaign_won_deal_count": "won_deal_count", "campaign_won_amount": "won_amount",
    "campaign_cpl": "cpl", "campaign_cost_per_mql": "cost_per_mql",
    "campaign_cost_per_sql": "cost_per_sql", "campaign_cac": "cac", "campaign_roas": "roas",
}
CAMPAIGN_ADDITIVE = frozenset({"campaign_lead_count", "campaign_mql_count", "campaign_sql_count",
                               "campaign_won_deal_count"})
FLOW_VELOCITY_METRICS = ("flow_velocity_per_day", "created_count_trailing")
FLOW_VELOCITY_COLUMNS = {"created_count_trailing": "created_count_lookback"}
STAGE = "opportunity_stage_passage__stage_name"

SAVED_QUERIES = SAVED_QUERIES + (
    SavedQuerySpec(
        "stage_durations_monthly_company", "fct_stage_durations_monthly", False,
        STAGE_DURATION_METRICS, STAGE_DURATION_COLUMNS,
        frozenset({"stage_exited_count", "stage_skipped_count"}),
        mart_where="dimension = 'total'", mart_key="stage_name", query_key=STAGE,
    ),
    SavedQuerySpec(
        "stage_durations_monthly_by_segment", "fct_stage_durations_monthly", True,
        STAGE_DURATION_METRICS, STAGE_DURATION_COLUMNS,
        frozenset({"stage_exited_count", "stage_skipped_count"}),
        mart_where="dimension = 'segment'", mart_key="dimension_value || '|' || stage_name",
        query_key=("segment", STAGE),
    ),
    SavedQuerySpec(
        "deal_stage_funnel_monthly", "fct_deal_stage_funnel_monthly", True,
        DEAL_FUNNEL_METRICS, DEAL_FUNNEL_COLUMNS,
        frozenset(m for m in DEAL_FUNNEL_METRICS if not m.endswith("_rate")),
        mart_where="true", mart_key="strftime(created_month, '%Y-%m-%d')",
        query_key="opportunity_stage_passage__cohort_month",
        pivot="stage_name", pivot_values=DEAL_FUNNEL_STAGES,
    ),
    SavedQuerySpec(
        "funnel_reach_monthly_company", "fct_funnel_reach_monthly", False,
        tuple(FUNNEL_REACH), {m: c for m, (c, _) in FUNNEL_REACH.items()},
        frozenset({"lead_count"}),
        mart_where="dimension = 'total'", mart_key="dimension_value",
        pivot="stage_name", pivot_values={m: s for m, (_, s) in FUNNEL_REACH.items()},
    ),
    SavedQuerySpec(
        "funnel_reach_monthly_by_channel", "fct_funnel_reach_monthly", True,
        tuple(FUNNEL_REACH), {m: c for m, (c, _) in FUNNEL_REACH.items()},
        frozenset({"lead_count"}),
        mart_where="dimension = 'channel'", mart_key="dimension_value", query_key="channel",
        pivot="stage_name", pivot_values={m: s for m, (_, s) in FUNNEL_REACH.items()},
    ),
    SavedQuerySpec(
        "campaign_performance_monthly_company", "fct_campaign_performance_monthly", False,
        tuple(CAMPAIGN_COLUMNS), CAMPAIGN_COLUMNS, CAMPAIGN_ADDITIVE,
        mart_where="dimension = 'total'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "campaign_performance_monthly_by_campaign", "fct_campaign_performance_monthly", True,
        tuple(CAMPAIGN_COLUMNS), CAMPAIGN_COLUMNS, CAMPAIGN_ADDITIVE,
        mart_where="dimension = 'campaign'", mart_key="dimension_value", query_key="campaign",
    ),
    SavedQuerySpec(
        "pipeline_velocity_monthly_company", "fct_pipeline_velocity_monthly", False,
        FLOW_VELOCITY_METRICS, FLOW_VELOCITY_COLUMNS, frozenset({"created_count_trailing"}),
        mart_where="dimension = 'total'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "pipeline_velocity_monthly_by_segment", "fct_pipeline_velocity_monthly", True,
        FLOW_VELOCITY_METRICS, FLOW_VELOCITY_COLUMNS, frozenset({"created_count_trailing"}),
        mart_where="dimension = 'segment'", mart_key="dimension_value",
    ),
    SavedQuerySpec(
        "lead_score_bands", "fct_lead_score_bands", True,
        ("lead_count", "mql_count", "sql_count", "customer_lead_count", "lead_close_rate"),
        {"customer_lead_count": "customer_count", "lead_close_rate": "lead_to_customer_rate"},
        mart_where="true", mart_key="score_band", query_key="lead__score_band",
        time_column=None, query_time=None,
    ),
)

# Metrics that read MRR this many months back (offset_window): the semantic layer starts at
# the first report month, the marts read the MRR history before it. Not compared there.
OFFSET_MONTHS = {"revenue_growth_mom": 1, "revenue_growth_yoy": 12, "cmgr_12": 12,
                 "real_revenue_growth_yoy": 12}
# Amounts whose inputs have no row in a month x segment that other metrics of the
# query do have: MetricFlow returns NULL (fill_nulls_with applies to simple metrics only), the
# mart 0. Compared as 0 when the count metric named here is 0 in the same row.
ZERO_WHEN_COUNT_IS_ZERO = {
    "won_amount": "won_count",
    "open_pipeline_amount": "open_pipeline_count",
    "weighted_open_pipeline_amount": "open_pipeline_count",
}


@dataclass(frozen=True)
class Difference:
    saved_query: str
    metric: str
    month_start: str
    segment: str
    expected: object  # the mart
    actual: object  # the saved query

    def __str__(self) -> str:
        return (f"{self.saved_query} | {self.metric} | {self.month_start} {self.segment} | "
                f"mart {self.expected} | semantic layer {self.actual}")


# --- running the saved queries ----------------------------------------------------------


def _run_in_engine(project_dir: Path, names: list[str], out_dir: Path) -> None:
    """Inside the subprocess: one MetricFlow engine, every saved query to <out_dir>/<name>.csv."""
    from dbt_metricflow.cli.cli_configuration import CLIConfiguration
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    config = CLIConfiguration()
    config.setup(dbt_profiles_path=project_dir, dbt_project_path=project_dir,
                 configure_file_logging=False)
    for name in names:
        result = config.mf.query(MetricFlowQueryRequest.create(saved_query_name=name))
        table = result.result_df
        with open(out_dir / f"{name}.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            writer.writerows(table.rows)


def run_saved_queries(duckdb_path: Path, target_path: Path, out_dir: Path,
                      names: list[str] | None = None) -> dict[str, list[dict[str, str]]]:
    """Run saved queries on a copy of a build; rows per saved query, as CSV text."""
    names = names or [spec.name for spec in SAVED_QUERIES]
    manifest = Path(target_path) / "semantic_manifest.json"
    if not manifest.exists():
        raise FileNotFoundError(f"{manifest}: run `dbt parse` or `dbt build` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="semantic_layer_") as scratch:
        project = Path(scratch)
        for name in ("dbt_project.yml", "profiles.yml"):
            shutil.copyfile(PROJECT_DIR / name, project / name)
        (project / "target").mkdir()
        shutil.copyfile(manifest, project / "target" / "semantic_manifest.json")
        database = project / Path(duckdb_path).name  # same stem: MetricFlow's catalog name
        shutil.copyfile(duckdb_path, database)
        env = {**os.environ, "DBT_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(project),
               "DBT_PROJECT_DIR": str(project), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        env.pop("DBT_TARGET_PATH", None)
        subprocess.run(
            [sys.executable, "-m", "revops_warehouse.semantic_layer", "--run-in-engine",
             str(project), str(out_dir), *names],
            cwd=project, env=env, check=True,
        )
    results = {}
    for name in names:
        with open(out_dir / f"{name}.csv", newline="") as handle:
            results[name] = list(csv.DictReader(handle))
    return results


# --- comparing with the marts -----------------------------------------------------------


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _differs(expected: object, actual: float | None, data_type: str) -> bool:
    """True when the mart value and the saved query's value disagree for that column type."""
    if expected is None or actual is None:
        return (expected is None) != (actual is None)
    expected_number = float(expected)
    if math.isnan(actual) or math.isinf(actual):
        return True
    if data_type.startswith("DECIMAL"):
        return abs(expected_number - actual) > MONEY_TOLERANCE
    if data_type in ("DOUBLE", "FLOAT"):
        tolerance = max(RATIO_TOLERANCE, RATIO_RELATIVE_TOLERANCE * abs(expected_number))
        return abs(expected_number - actual) > tolerance
    return expected_number != actual


def _key_text(value: str) -> str:
    """A slice key as the mart writes it: a timestamp key (a cohort month) as its date."""
    if len(value) > 10 and value[4:5] == "-" and value[10:11] in (" ", "T"):
        return value[:10]
    return value


def _mart_rows(con: duckdb.DuckDBPyConnection, spec: SavedQuerySpec, columns: list[str]):
    """(period, slice key, pivot, *columns) of the spec's mart rows, and its column types."""
    mart = spec.mart
    schema = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [mart]
    ).fetchall()
    if len(schema) != 1:
        raise LookupError(f"{mart}: expected one table, found {len(schema)}")
    relation = f'"{schema[0][0]}"."{mart}"'
    types = dict(con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ?", [schema[0][0], mart],
    ).fetchall())
    time = f'"{spec.time_column}"' if spec.time_column else "'all'"
    pivot = f'"{spec.pivot}"' if spec.pivot else "null"
    select = ", ".join([time, spec.mart_key, pivot, *(f'"{column}"' for column in columns)])
    rows = con.execute(f"select {select} from {relation} where {spec.where()}").fetchall()
    return rows, types


def compare(duckdb_path: Path, results: dict[str, list[dict[str, str]]]) -> tuple[list, dict]:
    """Differences between each saved query and its mart slice, and per-query row counts."""
    differences: list[Difference] = []
    summary: dict[str, dict[str, int]] = {}
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        for spec in SAVED_QUERIES:
            if spec.name not in results:
                continue
            columns = sorted({spec.column(metric) for metric in spec.metrics})
            rows, types = _mart_rows(con, spec, columns)
            first_month = min(row[0] for row in rows) if spec.time_column else None
            mart: dict[tuple[str, str], dict[str, object]] = {}
            stages = set(spec.pivot_values.values())
            for row in rows:
                period = row[0].isoformat() if spec.time_column else "all"
                values = dict(zip(columns, row[3:], strict=True))
                metrics = mart.setdefault((period, row[1]), {})
                if spec.pivot and row[2] not in stages:  # a stage no metric stands for
                    differences.append(Difference(spec.name, f"(no metric for {spec.pivot} "
                                                  f"{row[2]})", period, row[1], None, None))
                for metric in spec.metrics:
                    if spec.pivot is None or spec.pivot_values.get(metric) == row[2]:
                        metrics[metric] = values[spec.column(metric)]
            # a key whose stage row is missing compares NULL (0 for additive metrics) with the
            # saved query's value
            query_keys = spec.query_keys()
            company_key = rows[0][1] if not query_keys else None  # 'all', 'paid', ...
            semantic = {}
            for row in results[spec.name]:
                month = row[spec.query_time][:10] if spec.query_time else "all"
                segment = ("|".join(_key_text(row[k]) for k in query_keys) if query_keys
                           else company_key)
                semantic[(month, segment)] = row
            extra = sorted(key for key in semantic if key not in mart
                           and (first_month is None or key[0] >= first_month.isoformat()))
            for month, segment in extra:
                differences.append(
                    Difference(spec.name, "(row)", month, segment, None, "extra row"))
            compared = 0
            for (month, segment), mart_row in sorted(mart.items()):
                semantic_row = semantic.get((month, segment))
                for metric in spec.metrics:
                    column = spec.column(metric)
                    offset = OFFSET_MONTHS.get(metric, 0)
                    if offset and first_month is not None:
                        months_in = ((int(month[:4]) - first_month.year) * 12
                                     + int(month[5:7]) - first_month.month)
                        if months_in < offset:
                            continue
                    if semantic_row is None:
                        actual = 0.0 if metric in spec.additive else None
                    else:
                        actual = _number(semantic_row[metric])
                        count = ZERO_WHEN_COUNT_IS_ZERO.get(metric)
                        if actual is None and count and _number(semantic_row[count]) == 0:
                            actual = 0.0
                    expected = mart_row.get(metric, 0 if metric in spec.additive else None)
                    if isinstance(expected, Decimal):
                        expected = float(expected)
                    compared += 1
                    if _differs(expected, actual, types[column]):
                        differences.append(
                            Difference(spec.name, metric, month, segment, expected, actual))
            summary[spec.name] = {"mart_rows": len(mart), "query_rows": len(semantic),
                                  "values_compared": compared}
    return differences, summary


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--run-in-engine":
        _run_in_engine(Path(argv[1]), argv[3:], Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", default=os.environ.get("DBT_DUCKDB_PATH"), required=False)
    parser.add_argument("--target-path", default=str(PROJECT_DIR / "target"))
    parser.add_argument("--out-dir", default=str(PROJECT_DIR / "target" / "semantic_layer"))
    parser.add_argument("--json", help="write the differences and the summary here")
    args = parser.parse_args(argv)
    if not args.duckdb:
        parser.error("--duckdb (or $DBT_DUCKDB_PATH) is required")
    results = run_saved_queries(Path(args.duckdb), Path(args.target_path), Path(args.out_dir))
    differences, summary = compare(Path(args.duckdb), results)
    for name, counts in summary.items():
        print(f"{name}: {counts['values_compared']} values on {counts['mart_rows']} mart rows, "
              f"{sum(d.saved_query == name for d in differences)} differences")
    for difference in differences:
        print(difference)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"summary": summary, "differences": [d.__dict__ for d in differences]},
            indent=2, default=str))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
