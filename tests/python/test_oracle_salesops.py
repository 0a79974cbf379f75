"""The SalesOps oracle (src/revops_warehouse/oracle/salesops*.py) on the spec's worked examples.

Independent of dbt: small canonical or raw-shaped frames are built here and the oracle's
functions must return the exact values of metrics-spec.md (WE5, WE7-WE12, WE17, WE18).
Ratios are compared at 1e-6 and money at 0.005 (G6).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from revops_warehouse.oracle import RawTables, load_settings, salesops
from revops_warehouse.oracle import salesops_metrics as sm

RATIO = 1e-6
MONEY = 0.005
D = pd.Timestamp


def total_row(frame: pd.DataFrame, period: str = "2024-01-01") -> pd.Series:
    rows = frame[
        (frame["dimension"] == "total") & (frame["period_start"] == D(period))
    ]
    assert len(rows) == 1
    return rows.iloc[0]


# --- WE7 fixture (shared by WE8, WE9, M14, E2) ------------------------------------------------

WE7 = [
    # id, type, created, closed, status, amount, loss_reason, lead_created, stage, probability
    ("o1", "new", "2024-01-05", "2024-02-01", "won", 10_000, None, "2023-12-20", None, None),
    ("o2", "new", "2024-01-10", "2024-03-01", "won", 20_000, None, "2024-01-10", None, None),
    ("o3", "new", "2024-02-01", "2024-03-15", "won", 30_000, None, "2024-01-02", None, None),
    ("o4", "new", "2024-01-03", "2024-01-20", "lost", 5_000, "price", None, None, None),
    ("o5", "new", "2024-01-15", "2024-02-20", "lost", 5_000, "competitor", None, None, None),
    ("o6", "new", "2024-02-10", "2024-03-20", "lost", 10_000, "no_decision", None, None, None),
    ("o7", "new", "2024-03-01", "2024-03-25", "lost", 20_000, "competitor", None, None, None),
    ("o8", "new", "2024-01-20", None, "open", 15_000, None, None, "discovery", 0.1),
    ("o9", "new", "2024-02-12", None, "open", 15_000, None, None, "demo", 0.3),
    ("o10", "new", "2024-03-05", None, "open", 15_000, None, None, "proposal", 0.6),
    ("o11", "new", "2023-12-01", "2024-02-15", "won", 25_000, None, None, None, None),
    ("o12", "renewal", "2024-01-01", "2024-01-31", "won", 8_000, None, None, None, None),
]


@pytest.fixture
def we7() -> pd.DataFrame:
    frame = pd.DataFrame(
        WE7,
        columns=[
            "opportunity_id", "opp_type", "created_date", "close_date", "status", "amount",
            "loss_reason", "lead_created_date", "stage_name", "probability",
        ],
    )
    for column in ("created_date", "close_date", "lead_created_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["amount"] = frame["amount"].astype(float)
    frame["segment"] = "smb"
    return frame


def test_we7_win_rates(we7):
    row = total_row(sm.win_rate_metrics(we7, period=sm.quarter_period))
    assert (row["won_count"], row["lost_count"]) == (4, 4)
    assert row["win_rate"] == pytest.approx(0.5, abs=RATIO)
    assert row["win_rate_value"] == pytest.approx(0.68, abs=RATIO)
    assert row["win_rate_excl_no_decision"] == pytest.approx(0.571429, abs=RATIO)
    assert row["win_loss_ratio"] == pytest.approx(1.0, abs=RATIO)
    assert row["avg_won_deal_size"] == pytest.approx(21_250, abs=MONEY)


def test_we7_win_loss_ratio_null_without_losses(we7):
    only_won = we7[we7["status"] != "lost"]
    row = total_row(sm.win_rate_metrics(only_won, period=sm.quarter_period))
    assert np.isnan(row["win_loss_ratio"])
    assert row["win_rate"] == pytest.approx(1.0, abs=RATIO)


def test_we7_close_rate(we7):
    row = total_row(
        sm.close_rate_metrics(we7, period=sm.quarter_period, as_of_date=D("2024-03-31"))
    )
    assert row["created_count"] == 10
    assert row["close_rate"] == pytest.approx(0.30, abs=RATIO)
    assert row["close_rate_value"] == pytest.approx(0.413793, abs=RATIO)


def test_we8_sales_cycle_and_m14_time_to_close(we7):
    row = total_row(sm.sales_cycle_metrics(we7, period=sm.quarter_period))
    assert row["avg_sales_cycle_days"] == pytest.approx(49.25, abs=RATIO)
    assert row["median_sales_cycle_days"] == pytest.approx(47.0, abs=RATIO)
    assert row["avg_closed_cycle_days"] == pytest.approx(39.125, abs=RATIO)
    assert row["avg_time_to_close_days"] == pytest.approx(55.666667, abs=RATIO)
    assert row["time_to_close_count"] == 3
    assert row["avg_time_to_close_days_with_fallback"] == pytest.approx(60.75, abs=RATIO)


def test_we9_pipeline_velocity(we7):
    out = sm.pipeline_velocity_metrics(
        we7, pd.DatetimeIndex([D("2024-03-01")]), {"segment": "segment"}, lookback_months=3
    )
    row = out[out["dimension"] == "total"].iloc[0]
    assert row["open_opportunity_count"] == 3
    assert row["avg_won_deal_size"] == pytest.approx(21_250, abs=MONEY)
    assert row["win_rate"] == pytest.approx(0.5, abs=RATIO)
    assert row["avg_sales_cycle_days"] == pytest.approx(49.25, abs=RATIO)
    assert row["pipeline_velocity_per_day"] == pytest.approx(647.208122, abs=RATIO)
    assert row["pipeline_velocity_per_month"] == pytest.approx(19_416.243655, abs=1e-5)
    assert row["pipeline_value_velocity_per_day"] == pytest.approx(456.852792, abs=RATIO)
    assert row["weighted_pipeline_amount"] == pytest.approx(15_000, abs=MONEY)
    assert row["weighted_pipeline_velocity_per_day"] == pytest.approx(304.568528, abs=RATIO)
    assert row["created_count"] == 10
    assert row["flow_velocity_per_day"] == pytest.approx(2_157.360406, abs=1e-5)
    # the segment slice recomputes every factor inside the slice (here: the same data)
    seg = out[out["dimension"] == "segment"].iloc[0]
    assert seg["pipeline_velocity_per_day"] == pytest.approx(647.208122, abs=RATIO)


def test_we9_open_pipeline_is_a_snapshot(we7):
    # At 2024-01-31, o1/o2/o5/o11 (closed later) and o8 are open; o4 closed in January.
    rows = sm.open_pipeline_snapshots(we7, pd.DatetimeIndex([D("2024-01-01")]))
    assert sorted(rows["opportunity_id"]) == ["o1", "o11", "o2", "o5", "o8"]


def test_we17_weighted_pipeline(we7):
    open_opps = we7[we7["status"] == "open"]
    assert sm.weighted_pipeline(open_opps) == pytest.approx(15_000, abs=MONEY)


# --- WE10 stage distribution and funnel reach -------------------------------------------------


def test_we10_funnel_reach():
    orders = [1] * 8 + [2] * 6 + [3] * 3 + [4] * 2 + [5] * 1
    leads = pd.DataFrame(
        {
            "lead_id": [f"l{i}" for i in range(20)],
            "created_date": D("2024-01-15"),
            "max_stage_order": orders,
        }
    )
    out = sm.funnel_reach_metrics(leads).set_index("stage_name")
    assert list(out["reached_count"]) == [20, 12, 6, 3, 1]
    assert list(out["reach_rate"]) == pytest.approx([1.0, 0.6, 0.3, 0.15, 0.05], abs=RATIO)
    assert np.isnan(out.loc["lead", "stage_to_stage_rate"])
    assert list(out["stage_to_stage_rate"].iloc[1:]) == pytest.approx(
        [0.6, 0.5, 0.5, 0.333333], abs=RATIO
    )


def test_we10_stage_distribution():
    stages = ["discovery"] * 5 + ["demo"] * 3 + ["proposal"] * 2
    rows = pd.DataFrame(
        {
            "opportunity_id": [f"o{i}" for i in range(10)],
            "month_start": D("2024-01-01"),
            "stage_name": stages,
            "amount": 1_000.0,
        }
    )
    out = sm.stage_distribution(rows).set_index("stage_name")
    assert out.loc["discovery", "share_of_open_count"] == pytest.approx(0.5, abs=RATIO)
    assert out.loc["demo", "share_of_open_count"] == pytest.approx(0.3, abs=RATIO)
    assert out.loc["proposal", "share_of_open_count"] == pytest.approx(0.2, abs=RATIO)


# --- WE5 CAC and WE11 cost per lead -------------------------------------------------------------

MARCH = D("2024-03-01")


@pytest.fixture
def we5_spend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month_start": MARCH,
            "channel": ["paid_search", "linkedin", "content"],
            "is_paid": [True, True, False],
            "amount": [6_000.0, 4_000.0, 2_000.0],
        }
    )


def test_we5_cac(we5_spend):
    channels = (
        [("paid_search", True, 250.0)] * 4
        + [("linkedin", True, 300.0)] * 2
        + [("organic_search", False, 800.0)] * 3
        + [("referral", False, 1_000.0)]
    )
    logos = pd.DataFrame(channels, columns=["acquisition_channel", "is_paid_channel", "new_mrr"])
    logos["customer_id"] = [f"n{i}" for i in range(1, 11)]
    logos["month_start"] = MARCH  # r1 (reactivated, MRR 400) is not a new logo (D6)
    sales = pd.DataFrame({"month_start": MARCH, "amount": [15_000.0, 3_000.0]})
    margin = pd.DataFrame({"month_start": [MARCH], "gross_margin_pct": [0.80]})
    out = sm.cac_metrics(logos, we5_spend, sales, margin)
    total = out[out["dimension"] == "total"].iloc[0]
    assert total["new_logos"] == 10
    assert total["new_mrr"] == pytest.approx(5_000, abs=MONEY)
    assert total["sales_marketing_cost"] == pytest.approx(30_000, abs=MONEY)
    assert total["blended_cac"] == pytest.approx(3_000, abs=MONEY)
    assert total["paid_cac"] == pytest.approx(1_666.666667, abs=RATIO)
    assert total["marketing_only_cac"] == pytest.approx(1_200, abs=MONEY)
    assert total["new_customer_cac_ratio"] == pytest.approx(0.5, abs=RATIO)
    assert total["cac_payback_months"] == pytest.approx(7.5, abs=RATIO)
    channel = out[out["dimension"] == "channel"].set_index("dimension_value")
    assert channel.loc["paid_search", "channel_cac"] == pytest.approx(1_500, abs=MONEY)
    assert channel.loc["linkedin", "channel_cac"] == pytest.approx(2_000, abs=MONEY)
    assert np.isnan(channel.loc["content", "channel_cac"])  # spend but no new logo -> NULL


def test_we11_cost_per_lead(we5_spend):
    channels = ["paid_search"] * 40 + ["linkedin"] * 16 + ["content"] * 44
    leads = pd.DataFrame(
        {
            "lead_id": [f"l{i}" for i in range(100)],
            "created_date": D("2024-03-10"),
            "channel": channels,
            "is_paid_channel": [c != "content" for c in channels],
            "mql_date": [D("2024-03-12")] * 30 + [pd.NaT] * 70,
            "sql_date": [D("2024-03-20")] * 12 + [pd.NaT] * 88,
        }
    )
    out = sm.cost_per_lead_metrics(we5_spend, leads).set_index(["dimension", "dimension_value"])
    assert out.loc[("total", "all"), "cpl"] == pytest.approx(120.0, abs=MONEY)
    assert out.loc[("channel", "paid_search"), "cpl"] == pytest.approx(150.0, abs=MONEY)
    assert out.loc[("channel", "linkedin"), "cpl"] == pytest.approx(250.0, abs=MONEY)
    assert out.loc[("channel", "content"), "cpl"] == pytest.approx(45.454545, abs=RATIO)
    assert out.loc[("total", "all"), "paid_cpl"] == pytest.approx(178.571429, abs=RATIO)
    assert out.loc[("total", "all"), "cost_per_mql"] == pytest.approx(400.0, abs=MONEY)
    assert out.loc[("total", "all"), "cost_per_sql"] == pytest.approx(1_000.0, abs=MONEY)


# --- WE12 MQL -> SQL handoff ------------------------------------------------------------------


def test_we12_mql_sql_handoff():
    mql = [D("2024-01-05")] * 10 + [D("2023-12-10"), pd.NaT]
    sql = (
        [D("2024-01-15"), D("2024-01-25"), D("2024-02-10")]
        + [pd.NaT] * 7
        + [D("2024-01-08"), D("2024-01-20")]  # a December MQL, and a sales-sourced SQL
    )
    ids = [f"l{i}" for i in range(12)]
    leads = pd.DataFrame({"lead_id": ids, "mql_date": mql, "sql_date": sql})
    out = sm.mql_sql_handoff_metrics(leads, as_of_date=D("2024-02-29"))
    row = total_row(out, "2024-01-01")
    assert row["mql_count"] == 10
    assert row["sql_count"] == 4
    assert row["mql_to_sql_rate_cohort"] == pytest.approx(0.30, abs=RATIO)
    assert row["sql_over_mql_period_ratio"] == pytest.approx(0.40, abs=RATIO)
    # as of 2024-01-31 the February SQL has not happened yet: an immature cohort
    early = total_row(sm.mql_sql_handoff_metrics(leads, as_of_date=D("2024-01-31")), "2024-01-01")
    assert early["mql_to_sql_rate_cohort"] == pytest.approx(0.20, abs=RATIO)


# --- WE17 forecast accuracy and WE18 rep scorecard ---------------------------------------------


def test_we17_forecast_accuracy():
    actual = pd.Series([90_000.0, 126_000.0, 80_000.0])
    forecast = pd.Series([100_000.0, 120_000.0, 80_000.0])
    rows = sm.forecast_accuracy(actual, forecast)
    assert rows.loc[0, "forecast_accuracy"] == pytest.approx(0.888889, abs=RATIO)
    assert rows.loc[0, "forecast_bias"] == pytest.approx(0.111111, abs=RATIO)
    mape, wape = sm.mape_wape(actual, forecast)
    assert mape == pytest.approx(0.052910, abs=RATIO)
    assert wape == pytest.approx(0.054054, abs=RATIO)
    zero = sm.forecast_accuracy(pd.Series([0.0]), pd.Series([10.0]))
    assert zero["forecast_accuracy"].isna().all() and zero["forecast_bias"].isna().all()


def test_we18_rep_scorecard():
    def deals(rep, won_amounts, lost):
        rows = [(rep, "won", amount) for amount in won_amounts]
        rows += [(rep, "lost", 1_000.0)] * lost
        return rows

    rows = deals("R1", [20_000.0, 20_000.0, 20_000.0, 25_000.0], 4) + deals(
        "R2", [30_000.0, 30_000.0], 8
    )
    opps = pd.DataFrame(rows, columns=["owner_user_id", "status", "amount"])
    opps["opportunity_id"] = [f"o{i}" for i in range(len(opps))]
    opps["opp_type"] = "new"
    opps["close_date"] = D("2024-03-15")
    quotas = pd.DataFrame(
        {"month_start": MARCH, "owner_user_id": ["R1", "R2"], "quota_new_arr": 100_000.0}
    )
    out = sm.rep_scorecard(opps, quotas).set_index("owner_user_id")
    assert out.loc["R1", "quota_attainment"] == pytest.approx(0.85, abs=RATIO)
    assert out.loc["R1", "win_rate"] == pytest.approx(0.5, abs=RATIO)
    assert out.loc["R1", "avg_won_deal_size"] == pytest.approx(21_250, abs=MONEY)
    assert out.loc["R2", "quota_attainment"] == pytest.approx(0.60, abs=RATIO)
    assert out.loc["R2", "win_rate"] == pytest.approx(0.2, abs=RATIO)
    assert out.loc["R2", "avg_won_deal_size"] == pytest.approx(30_000, abs=MONEY)
    assert out.loc["R1", "team_win_rate"] == pytest.approx(0.333333, abs=RATIO)
    assert bool(out.loc["R2", "needs_coaching"]) is True
    assert bool(out.loc["R1", "needs_coaching"]) is False


# --- the same WE7 fixture as RAW CRM tables, through the oracle's cleaning and marts -----------

LOOKUPS = Path(__file__).resolve().parents[2] / "seeds" / "lookups"
RAW_STAGE = {"won": "Closed Won", "lost": "Closed Lost"}
RAW_PROBABILITY = {"discovery": "10", "demo": "30", "proposal": "60"}


# raw columns of docs/architecture.md ("Raw layer"); unset ones are written empty
RAW_COLUMNS = {
    "user": "id name email title department division manager_id user_role_id is_active "
    "created_date start_date_c _fivetran_deleted",
    "account": "id name industry billing_country_code number_of_employees type owner_id "
    "account_source created_date is_deleted segment_c stripe_customer_id_c",
    "lead": "id email first_name last_name company title industry number_of_employees country "
    "status lead_source owner_id created_date is_converted converted_date converted_account_id "
    "converted_opportunity_id is_deleted sales_qualified_date_c utm_campaign_c",
    "opportunity": "id name account_id owner_id type stage_name amount currency_iso_code "
    "probability created_date close_date is_closed is_won lead_source campaign_id "
    "forecast_category_name is_deleted loss_reason_c renewal_due_date_c prior_arr_c",
    "opportunity_history": "id _fivetran_start _fivetran_end _fivetran_active stage_name amount "
    "probability close_date is_deleted",
    "task": "id who_id owner_id subject type activity_date created_date is_deleted",
    "lead_event": "id lead_id email event_type occurred_at score_delta score_after asset_name",
    "fx_rate": "month currency rate_to_reporting",
}


def _write(root: Path, source: str, table: str, rows: list[dict]) -> None:
    (root / source).mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows).reindex(columns=RAW_COLUMNS[table].split())
    frame.to_csv(root / source / f"raw_{source}__{table}.csv", index=False)


@pytest.fixture
def we7_raw(tmp_path) -> RawTables:
    opportunities, leads = [], []
    for oid, kind, created, closed, status, amount, reason, lead_created, stage, _ in WE7:
        opportunities.append(
            {
                "id": oid, "name": f"Deal {oid}", "account_id": "a1", "owner_id": "u1",
                "type": "New Business" if kind == "new" else "Renewal",
                "stage_name": RAW_STAGE.get(status, (stage or "").title()),
                "amount": amount, "currency_iso_code": "usd",
                "probability": RAW_PROBABILITY.get(stage, "100" if status == "won" else "0"),
                "created_date": f"{created}T10:00:00Z", "close_date": closed or "2024-06-30",
                "is_closed": status != "open", "is_won": status == "won",
                "lead_source": "Webinar", "campaign_id": "", "forecast_category_name": "Pipeline",
                "is_deleted": False, "loss_reason_c": (reason or "").replace("_", " ").title(),
                "renewal_due_date_c": "", "prior_arr_c": "",
            }
        )
        if lead_created:
            leads.append(
                {
                    "id": f"L-{oid}", "email": f"buyer.{oid}@example.com", "company": "Acme",
                    "lead_source": "Webinar", "owner_id": "u1",
                    "created_date": f"{lead_created}T09:00:00Z", "is_converted": True,
                    "converted_opportunity_id": oid, "is_deleted": False,
                    "sales_qualified_date_c": "",
                }
            )
    # DD02: a duplicate record closed as lost is not a loss; a soft-deleted deal is gone
    opportunities.append({**opportunities[3], "id": "dup", "loss_reason_c": "Duplicate"})
    opportunities.append({**opportunities[3], "id": "gone", "is_deleted": True})
    # G12: the same buyer as L-o3 with another spelling, created later, is not a second lead
    leads.append({**leads[2], "id": "L-dup", "email": " Buyer.O3@Example.com ",
                  "created_date": "2024-02-01T09:00:00Z", "converted_opportunity_id": ""})
    _write(tmp_path, "crm", "opportunity", opportunities)
    _write(tmp_path, "crm", "lead", leads)
    _write(tmp_path, "crm", "account", [
        {"id": "a1", "name": "Acme", "segment_c": "SMB", "owner_id": "u1",
         "account_source": "Webinar", "created_date": "2023-01-01T00:00:00Z",
         "is_deleted": False, "stripe_customer_id_c": "cus_1", "industry": "SaaS",
         "billing_country_code": "US", "number_of_employees": 50},
    ])
    _write(tmp_path, "crm", "user", [
        {"id": "u1", "name": "Rep One", "email": "rep@example.com", "department": "AE East",
         "division": "SMB", "manager_id": "", "is_active": True, "start_date_c": "2023-01-01",
         "_fivetran_deleted": False, "title": "AE"},
    ])
    _write(tmp_path, "crm", "opportunity_history", [
        {"id": "zz", "_fivetran_start": "2020-01-01T00:00:00Z", "_fivetran_end": "",
         "_fivetran_active": True, "stage_name": "Discovery", "amount": 1, "probability": 10,
         "close_date": "2020-02-01", "is_deleted": False},
    ])
    _write(tmp_path, "crm", "task", [
        {"id": "t1", "who_id": "L-o2", "owner_id": "u1", "type": "Call",
         "activity_date": "2024-01-11", "created_date": "2024-01-11T09:00:00Z",
         "is_deleted": False},
    ])
    _write(tmp_path, "marketing", "lead_event", [
        {"id": "e1", "lead_id": "L-o2", "email": "buyer.o2@example.com", "event_type": "mql",
         "occurred_at": "2024-01-10T12:00:00Z", "score_delta": 55, "score_after": 55},
    ])
    _write(tmp_path, "finance", "fx_rate", [
        {"month": "2024-01-01", "currency": "EUR", "rate_to_reporting": 1.1},
    ])
    return RawTables(tmp_path, LOOKUPS)


@pytest.fixture
def q1_settings():
    return load_settings(
        overrides={"as_of_date": "2024-03-31", "reporting_start_month": "2024-01-01",
                   "velocity_lookback_months": 3}
    )


def _march_total(frame: pd.DataFrame) -> pd.Series:
    rows = frame[(frame["month_start"] == MARCH) & (frame["dimension"] == "total")]
    assert len(rows) == 1
    return rows.iloc[0]


def test_raw_we7_opportunity_fact(we7_raw, q1_settings):
    facts = salesops.opportunities_fact(we7_raw, q1_settings).set_index("opportunity_id")
    assert "dup" not in facts.index and "gone" not in facts.index  # DD02, soft delete
    assert len(facts) == 12
    assert facts.loc["o6", "loss_reason"] == "no_decision"
    assert facts.loc["o1", "cycle_days"] == 27 and facts.loc["o2", "cycle_days"] == 51
    assert facts.loc["o1", "time_to_close_days"] == 43
    assert pd.isna(facts.loc["o11", "time_to_close_days"])
    assert facts.loc["o11", "time_to_close_days_with_fallback"] == 76
    assert facts.loc["o8", "probability"] == pytest.approx(0.1, abs=RATIO)
    assert facts.loc["o1", "segment"] == "smb" and facts.loc["o1", "channel"] == "webinar"
    assert not facts.loc["o12", "is_in_sales_metrics"]  # G9: renewal


def test_raw_we7_trailing_quarter(we7_raw, q1_settings):
    wins = _march_total(salesops.win_rates_monthly(we7_raw, q1_settings))
    assert wins["win_rate_trailing"] == pytest.approx(0.5, abs=RATIO)
    assert wins["win_rate_value_trailing"] == pytest.approx(0.68, abs=RATIO)
    assert wins["win_rate_excl_no_decision_trailing"] == pytest.approx(0.571429, abs=RATIO)
    assert wins["win_loss_ratio_trailing"] == pytest.approx(1.0, abs=RATIO)
    assert wins["avg_won_deal_size_trailing"] == pytest.approx(21_250, abs=MONEY)
    assert (wins["won_count"], wins["lost_count"]) == (2, 2)  # March alone: o2, o3 / o6, o7

    cycle = _march_total(salesops.sales_cycle_monthly(we7_raw, q1_settings))
    assert cycle["avg_sales_cycle_days_trailing"] == pytest.approx(49.25, abs=RATIO)
    assert cycle["median_sales_cycle_days_trailing"] == pytest.approx(47.0, abs=RATIO)
    assert cycle["avg_time_to_close_days_trailing"] == pytest.approx(55.666667, abs=RATIO)
    assert cycle["avg_time_to_close_days_with_fallback_trailing"] == pytest.approx(
        60.75, abs=RATIO
    )
    assert cycle["avg_cycle_days_all_closed_trailing"] == pytest.approx(39.125, abs=RATIO)

    close = _march_total(salesops.close_rates_monthly(we7_raw, q1_settings))
    assert close["created_count_trailing"] == 10
    assert close["close_rate_trailing"] == pytest.approx(0.30, abs=RATIO)
    assert close["close_rate_value_trailing"] == pytest.approx(0.413793, abs=RATIO)

    velocity = _march_total(salesops.pipeline_velocity_monthly(we7_raw, q1_settings))
    assert velocity["open_count"] == 3
    assert velocity["pipeline_velocity_per_day"] == pytest.approx(647.208122, abs=RATIO)
    assert velocity["pipeline_velocity_per_30_days"] == pytest.approx(19_416.243655, abs=1e-5)
    assert velocity["pipeline_value_velocity_per_day"] == pytest.approx(456.852792, abs=RATIO)
    assert velocity["weighted_pipeline_velocity_per_day"] == pytest.approx(
        304.568528, abs=RATIO
    )
    assert velocity["flow_velocity_per_day"] == pytest.approx(2_157.360406, abs=1e-5)


def test_raw_lead_dedup_and_funnel(we7_raw, q1_settings):
    funnel = salesops.lead_funnel(we7_raw, q1_settings).set_index("lead_id")
    assert "L-dup" not in funnel.index  # G12: same e-mail after lower(trim())
    assert funnel.loc["L-o2", "mql_date"] == D("2024-01-10")
    assert funnel.loc["L-o2", "speed_to_lead_hours"] == pytest.approx(21.0, abs=RATIO)
    assert funnel.loc["L-o1", "max_stage_name"] == "customer"  # o1 won 2024-02-01
    assert funnel.loc["L-o2", "lead_score"] == 55


def test_raw_deal_stage_oracle_without_history(we7_raw, q1_settings):
    """Issue 11: deals without stage history are counted apart, never placed in the funnel;
    with no history at all the closed date falls back to the CRM field."""
    from revops_warehouse.oracle import deal_stages

    facts = salesops.opportunities_fact(we7_raw, q1_settings)
    closed = facts[facts["is_closed"].astype(bool)]
    assert (closed["close_date_source"] == "crm_field").all()
    assert closed["crm_close_date_gap_days"].isna().all()
    assert deal_stages.opportunity_stage_durations(we7_raw, q1_settings).empty
    funnel = deal_stages.deal_stage_funnel_monthly(we7_raw, q1_settings)
    assert not funnel.empty
    assert (funnel["cohort_count"] == 0).all() and (funnel["without_history_count"] > 0).all()
    assert funnel["reach_rate"].isna().all()
    assert deal_stages.stage_durations_monthly(we7_raw, q1_settings).empty
