"""The MetricFlow semantic layer (models/semantic/) reproduces the KPI marts.

1. Every saved query runs (one MetricFlow engine, on a copy of the demo build) and agrees with
   its slice of fct_revops_kpis_monthly / fct_salesops_kpis_monthly, and of the metric marts
   whose KPIs the wide marts do not hold (LTV, marketing ROI / ROAS, quota attainment,
   forecast accuracy, inflation and real growth: issue 15), on the company and on a slice,
   within the contract tolerances (revops_warehouse.semantic_layer).
2. The comparison can fail: a copy of the build with one mart value moved reports exactly it.
3. (quick) The saved queries of models/semantic/saved_queries.yml and the comparer's specs
   list the same metrics, and every KPI-mart column they name exists in the mart's YAML.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from revops_warehouse import semantic_layer
from revops_warehouse.paths import PROJECT_DIR

SAVED_QUERIES_YML = PROJECT_DIR / "models" / "semantic" / "saved_queries.yml"

# One worker runs the saved queries once (module fixture) under `pytest -n 2 --dist loadgroup`;
# conftest's "demo" group (a demo build made here) is closer to the item and wins over this.
pytestmark = pytest.mark.xdist_group("semantic_layer")


@pytest.fixture(scope="session")
def saved_query_results(demo_warehouse, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("semantic_layer")
    return semantic_layer.run_saved_queries(
        demo_warehouse.database, demo_warehouse.target_path, out_dir
    )


def test_saved_queries_match_the_kpi_marts(demo_warehouse, saved_query_results):
    differences, summary = semantic_layer.compare(demo_warehouse.database, saved_query_results)
    assert set(summary) == {spec.name for spec in semantic_layer.SAVED_QUERIES}
    for name, counts in summary.items():
        assert counts["mart_rows"] > 0 and counts["query_rows"] > 0, name
        assert counts["values_compared"] > 0, name
    assert differences == [], "\n".join(str(d) for d in differences[:40])


def test_comparison_reports_a_moved_mart_value(demo_warehouse, saved_query_results, tmp_path):
    copy = tmp_path / Path(demo_warehouse.database).name
    shutil.copyfile(demo_warehouse.database, copy)
    with duckdb.connect(str(copy)) as con:
        schema = con.execute(
            "select table_schema from information_schema.tables "
            "where table_name = 'fct_revops_kpis_monthly'"
        ).fetchall()[0][0]
        month = con.execute(
            f"select max(month_start) from {schema}.fct_revops_kpis_monthly"
        ).fetchall()[0][0]
        con.execute(
            f"update {schema}.fct_revops_kpis_monthly set mrr = mrr + 1 "
            "where segment = 'all' and month_start = ?",
            [month],
        )
    differences, _ = semantic_layer.compare(copy, saved_query_results)
    assert [(d.saved_query, d.metric, d.month_start, d.segment) for d in differences] == [
        ("revops_kpis_monthly_company", "mrr", month.isoformat(), "all")
    ]


# Issue 15: each KPI of the README metric table that lives in a metric mart, with the saved
# queries that check it on the company and on at least one slice.
METRIC_MART_KPIS = {
    ("fct_customer_lifetime_value", "ltv"): ["customer_lifetime_value_monthly_company",
                                             "customer_lifetime_value_monthly_by_segment"],
    ("fct_customer_lifetime_value", "ltv_to_cac"): ["customer_lifetime_value_monthly_company"],
    ("fct_marketing_roi_monthly", "marketing_roi"): ["marketing_roi_monthly_company",
                                                     "marketing_roi_monthly_by_channel_type",
                                                     "marketing_roi_monthly_by_channel"],
    ("fct_marketing_roi_monthly", "marketing_roi_gm"): ["marketing_roi_monthly_company",
                                                        "marketing_roi_monthly_by_channel"],
    ("fct_marketing_roi_monthly", "roas"): ["marketing_roi_monthly_company",
                                            "marketing_roi_monthly_by_channel"],
    ("fct_rep_scorecard_monthly", "quota_attainment"): ["rep_quota_attainment_monthly"],
    ("fct_sales_forecast_quarterly", "forecast_accuracy"): ["sales_forecast_quarterly_company",
                                                            "sales_forecast_quarterly_by_rep"],
    ("fct_sales_forecast_quarterly", "forecast_bias"): ["sales_forecast_quarterly_company",
                                                        "sales_forecast_quarterly_by_rep"],
    ("fct_revenue_growth_monthly", "inflation_yoy"): ["revenue_growth_monthly_company",
                                                      "revenue_growth_monthly_by_segment"],
    ("fct_revenue_growth_monthly", "real_revenue_growth_yoy"): [
        "revenue_growth_monthly_company", "revenue_growth_monthly_by_segment"],
    # the SalesOps KPIs outside the wide marts (issue 15, second part)
    ("fct_sales_forecast_quarterly", "weighted_pipeline_forecast"): [
        "sales_forecast_quarterly_company", "sales_forecast_quarterly_by_rep"],
    ("fct_stage_durations_monthly", "median_days_in_stage"): [
        "stage_durations_monthly_company", "stage_durations_monthly_by_segment"],
    ("fct_stage_durations_monthly", "avg_days_in_stage"): [
        "stage_durations_monthly_company", "stage_durations_monthly_by_segment"],
    ("fct_deal_stage_funnel_monthly", "reach_rate"): ["deal_stage_funnel_monthly"],
    ("fct_deal_stage_funnel_monthly", "stage_to_stage_rate"): ["deal_stage_funnel_monthly"],
    ("fct_funnel_reach_monthly", "stage_to_stage_rate"): ["funnel_reach_monthly_company",
                                                          "funnel_reach_monthly_by_channel"],
    ("fct_funnel_reach_monthly", "literal_reach_rate"): ["funnel_reach_monthly_company",
                                                         "funnel_reach_monthly_by_channel"],
    ("fct_campaign_performance_monthly", "cpl"): ["campaign_performance_monthly_company",
                                                  "campaign_performance_monthly_by_campaign"],
    ("fct_campaign_performance_monthly", "cost_per_mql"): [
        "campaign_performance_monthly_company", "campaign_performance_monthly_by_campaign"],
    ("fct_campaign_performance_monthly", "cost_per_sql"): [
        "campaign_performance_monthly_company", "campaign_performance_monthly_by_campaign"],
    ("fct_campaign_performance_monthly", "cac"): ["campaign_performance_monthly_company",
                                                  "campaign_performance_monthly_by_campaign"],
    ("fct_campaign_performance_monthly", "roas"): ["campaign_performance_monthly_company",
                                                   "campaign_performance_monthly_by_campaign"],
    ("fct_pipeline_velocity_monthly", "flow_velocity_per_day"): [
        "pipeline_velocity_monthly_company", "pipeline_velocity_monthly_by_segment"],
    ("fct_lead_score_bands", "lead_to_customer_rate"): ["lead_score_bands"],
}


def test_every_metric_mart_kpi_is_compared_with_values(saved_query_results):
    """Each KPI is some saved query's metric, compared on non-NULL values (not only NULLs)."""
    specs = {spec.name: spec for spec in semantic_layer.SAVED_QUERIES}
    for (mart, column), names in METRIC_MART_KPIS.items():
        for name in names:
            spec = specs[name]
            assert spec.mart == mart, name
            metric = next(m for m in spec.metrics if spec.column(m) == column)
            values = [row[metric] for row in saved_query_results[name] if row[metric] != ""]
            assert values, f"{name}: {metric} is NULL in every row"


def test_comparison_reports_a_moved_metric_mart_value(
    demo_warehouse, saved_query_results, tmp_path
):
    """A slice of a metric mart (ROAS of one channel) is compared too."""
    copy = tmp_path / Path(demo_warehouse.database).name
    shutil.copyfile(demo_warehouse.database, copy)
    with duckdb.connect(str(copy)) as con:
        schema = con.execute(
            "select table_schema from information_schema.tables "
            "where table_name = 'fct_marketing_roi_monthly'"
        ).fetchall()[0][0]
        month, channel = con.execute(
            f"select month_start, dimension_value from {schema}.fct_marketing_roi_monthly "
            "where dimension = 'channel' and roas is not null "
            "order by month_start desc, dimension_value limit 1"
        ).fetchall()[0]
        con.execute(
            f"update {schema}.fct_marketing_roi_monthly set roas = roas + 0.01 "
            "where dimension = 'channel' and month_start = ? and dimension_value = ?",
            [month, channel],
        )
    differences, _ = semantic_layer.compare(copy, saved_query_results)
    assert [(d.saved_query, d.metric, d.month_start, d.segment) for d in differences] == [
        ("marketing_roi_monthly_by_channel", "channel_roas", month.isoformat(), channel)
    ]


def _yaml_columns(mart: str) -> set[str]:
    path = next(PROJECT_DIR.glob(f"models/marts/*/{mart}.yml"))
    model = yaml.safe_load(path.read_text())["models"][0]
    return {column["name"] for column in model["columns"]}


def test_saved_query_specs_match_the_yaml():
    saved = {
        query["name"]: query["query_params"]["metrics"]
        for query in yaml.safe_load(SAVED_QUERIES_YML.read_text())["saved_queries"]
    }
    assert set(saved) == {spec.name for spec in semantic_layer.SAVED_QUERIES}
    for spec in semantic_layer.SAVED_QUERIES:
        assert list(spec.metrics) == saved[spec.name], spec.name
        missing = {spec.column(m) for m in spec.metrics} - _yaml_columns(spec.mart)
        assert not missing, f"{spec.name}: no such column in {spec.mart}: {sorted(missing)}"


@pytest.mark.parametrize(
    ("mart", "column", "where", "saved_query", "metric"),
    [
        # a stage row of the deal-stage funnel: its stage-to-stage rate is its own metric
        ("fct_deal_stage_funnel_monthly", "stage_to_stage_rate", "stage_name = 'demo'",
         "deal_stage_funnel_monthly", "deal_discovery_to_demo_rate"),
        # a median of a segment and stage
        ("fct_stage_durations_monthly", "median_days_in_stage", "dimension = 'segment'",
         "stage_durations_monthly_by_segment", "median_days_in_stage"),
    ],
)
def test_comparison_reports_a_moved_stage_row_value(
    demo_warehouse, saved_query_results, tmp_path, mart, column, where, saved_query, metric
):
    """Marts with one row per stage are compared stage by stage: one moved value, one difference."""
    copy = tmp_path / Path(demo_warehouse.database).name
    shutil.copyfile(demo_warehouse.database, copy)
    with duckdb.connect(str(copy)) as con:
        schema = con.execute(
            "select table_schema from information_schema.tables where table_name = ?", [mart]
        ).fetchall()[0][0]
        key_id = con.execute(
            f"select {mart.removeprefix('fct_')}_id from {schema}.{mart} "
            f"where {where} and {column} is not null order by 1 limit 1"
        ).fetchall()[0][0]
        con.execute(
            f"update {schema}.{mart} set {column} = {column} + 0.25 "
            f"where {mart.removeprefix('fct_')}_id = ?",
            [key_id],
        )
    differences, _ = semantic_layer.compare(copy, saved_query_results)
    assert [(d.saved_query, d.metric) for d in differences] == [(saved_query, metric)]
