"""RevOps oracle: the MRR engine and the RevOps metric marts, recomputed in pandas.

Everything starts from the raw tables through `oracle.clean`; the project's SQL and its
intermediate relations are never used. Spec references are to ../shared/metrics-spec.md.

MRR engine (M01, M02, G2-G5, D1-D6, SH01, TB02, TB03):
1. Item price history from invoice lines (SH01): subscription lines (not one-time
   `invoiceitem` lines, not metered, recurring prices only) that are either regular lines or
   proration lines with a positive amount (the new price after a mid-period change);
   negative proration lines (credits) never set MRR (G3). Lines of void invoices are ignored.
   Each line states price × quantity over [period_start, period_end). When lines of one item
   overlap, the later period_start wins from its start on.
2. The item's last billed state stays in force while its subscription is live (a live
   subscription needs no invoice for the next term to be active, TB03); every state is capped
   at the subscription's end date (immediate cancels; D2, D3).
3. Monthly amount = unit_amount × quantity / billing_period_months (G3); trial lines
   (period starting inside the trial window) and free lines give 0 (G2).
4. Forever discounts (var `mrr_discount_durations`) reduce MRR (G3): percent off the
   subscription's MRR, amount off / billing_period_months; floored at 0.
5. Month-end snapshot (D1): an item counts in month M if valid_from <= last_day(M) < valid_to.
6. Customer level (G4, D5): native MRR per customer and month, converted at month M's FX
   rate; prev_mrr = previous month's native MRR at month M's rate (constant currency, G5);
   fx_impact = prev_mrr − prev_mrr_at_prev_fx.
7. Movement classes (M02, D6): new / reactivation / expansion / contraction / churn / none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import ModelSpec, clean
from .acquisition import cac_monthly, fx_rate, marketing_spend_monthly
from .billings import billings_monthly
from .helpers import explode_dimensions, round_money, safe_div, surrogate_key
from .mrr import (
    EPSILON,
    _get,
    customer_attributes,
    customer_mrr_history,
    fx_rates,
    report_months_of,
    subscription_item_periods,
)
from .raw import RawTables, month_start
from .settings import Settings

MONTHLY_GRAIN = ("month_start", "dimension", "dimension_value")

MODELS: dict[str, ModelSpec] = {
    "fct_customer_mrr_months": ModelSpec(grain=("customer_id", "month_start")),
    "fct_mrr_movements_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_mrr_arr_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_churn_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_revenue_retention_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_cohort_retention": ModelSpec(
        grain=("acquisition_cohort_month", "months_since_acquisition")
    ),
    "fct_revenue_growth_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_renewals_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_price_test_results": ModelSpec(grain=("experiment_id", "variant")),
    "fct_customer_lifetime_value": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_marketing_roi_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "fct_revops_kpis_monthly": ModelSpec(grain=("month_start", "segment")),
    "fct_billings_monthly": ModelSpec(grain=MONTHLY_GRAIN),
    "dim_customers": ModelSpec(grain=("customer_id",), schema="core"),
}

# Customer attributes a monthly RevOps mart slices by (dimension -> column).
CUSTOMER_DIMENSIONS = {
    "segment": "segment",
    "plan": "plan_name",
    "billing_interval": "billing_interval",
    "channel": "acquisition_channel",
    "country": "country_code",
    "acquisition_cohort": "acquisition_cohort_month_text",
}


def mrr_movements_monthly(customer_months: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """fct_mrr_movements_monthly: month × dimension slice of the MRR bridge (M02, M06b, G5).

    start_mrr = Σ prev_mrr_at_prev_fx; start_mrr_at_current_fx = Σ prev_mrr;
    end_mrr = start_mrr + fx_impact + new + reactivation + expansion − contraction − churn.
    expansion_rate = expansion / start at current FX; expansion_share_of_new_arr =
    expansion / (new + expansion); pct_customers_expanded = expanded / customers at start.
    Slices: total plus each customer dimension (architecture.md); a slice exists in a
    month when one of its customers had MRR at the month end or the one before.
    """
    rows = customer_months[
        (customer_months["mrr"] > EPSILON) | (customer_months["prev_mrr_at_prev_fx"] > EPSILON)
    ].copy()
    rows["acquisition_cohort_month_text"] = rows["acquisition_cohort_month"].dt.strftime("%Y-%m-%d")
    sliced = explode_dimensions(rows, CUSTOMER_DIMENSIONS)
    for movement, column in (
        ("new", "new_customers"),
        ("reactivation", "reactivated_customers"),
        ("expansion", "expanded_customers"),
        ("contraction", "contracted_customers"),
        ("churn", "churned_customers"),
    ):
        sliced[column] = (sliced["movement"] == movement).astype(int)
    sliced["customers_start"] = (sliced["prev_mrr_at_prev_fx"] > EPSILON).astype(int)
    sliced["customers_end"] = (sliced["mrr"] > EPSILON).astype(int)
    sums = {
        "start_mrr": ("prev_mrr_at_prev_fx", "sum"),
        "start_mrr_at_current_fx": ("prev_mrr", "sum"),
        "new_mrr": ("new_mrr", "sum"),
        "reactivation_mrr": ("reactivation_mrr", "sum"),
        "expansion_mrr": ("expansion_mrr", "sum"),
        "contraction_mrr": ("contraction_mrr", "sum"),
        "churned_mrr": ("churned_mrr", "sum"),
        "fx_impact": ("fx_impact", "sum"),
        "end_mrr": ("mrr", "sum"),
        **{
            c: (c, "sum")
            for c in (
                "customers_start",
                "customers_end",
                "new_customers",
                "reactivated_customers",
                "expanded_customers",
                "contracted_customers",
                "churned_customers",
            )
        },
    }
    out = sliced.groupby(list(MONTHLY_GRAIN), as_index=False).agg(**sums)
    # every report month has a total row, even with no customer (TB02)
    months = pd.DataFrame(
        {"month_start": settings.months, "dimension": "total", "dimension_value": "all"}
    )
    out = months.merge(out, on=list(MONTHLY_GRAIN), how="outer")
    value_columns = [c for c in out.columns if c not in MONTHLY_GRAIN]
    out[value_columns] = out[value_columns].fillna(0)
    out["net_new_mrr"] = (
        out["new_mrr"]
        + out["reactivation_mrr"]
        + out["expansion_mrr"]
        - out["contraction_mrr"]
        - out["churned_mrr"]
    )
    out["expansion_rate"] = safe_div(out["expansion_mrr"], out["start_mrr_at_current_fx"])
    out["expansion_share_of_new_arr"] = safe_div(
        out["expansion_mrr"], out["new_mrr"] + out["expansion_mrr"]
    )
    out["pct_customers_expanded"] = safe_div(out["expanded_customers"], out["customers_start"])
    out["mrr_movement_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out[out["month_start"] >= settings.reporting_start_month].reset_index(drop=True)


def _sliced_in_play(customer_months: pd.DataFrame, dimensions: dict[str, str]) -> pd.DataFrame:
    """Customer months with MRR now or at the previous month end, one copy per slice."""
    rows = customer_months[
        (customer_months["mrr"] > EPSILON) | (customer_months["prev_mrr_at_prev_fx"] > EPSILON)
    ].copy()
    rows["acquisition_cohort_month_text"] = rows["acquisition_cohort_month"].dt.strftime("%Y-%m-%d")
    return explode_dimensions(rows, dimensions)


def _with_total_months(out: pd.DataFrame, settings: Settings, fill: list[str]) -> pd.DataFrame:
    """Add a (total, all) row for every report month that has none; `fill` columns -> 0."""
    months = pd.DataFrame(
        {"month_start": settings.months, "dimension": "total", "dimension_value": "all"}
    )
    out = months.merge(out, on=list(MONTHLY_GRAIN), how="outer")
    out[fill] = out[fill].fillna(0)
    return out


def mrr_arr_monthly(customer_months: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """fct_mrr_arr_monthly (M01): MRR, ARR = 12 × MRR, active customers, ARPA per slice.

    Slices with paying customers at the month end; the total row exists every month.
    """
    active = customer_months[customer_months["mrr"] > EPSILON].copy()
    active["acquisition_cohort_month_text"] = active["acquisition_cohort_month"].dt.strftime(
        "%Y-%m-%d"
    )
    sliced = explode_dimensions(active, CUSTOMER_DIMENSIONS)
    out = sliced.groupby(list(MONTHLY_GRAIN), as_index=False).agg(
        mrr=("mrr", "sum"), active_customers=("customer_id", "nunique")
    )
    out = _with_total_months(out, settings, ["mrr", "active_customers"])
    out["month_end"] = out["month_start"] + pd.offsets.MonthEnd(0)
    out["arr"] = 12 * out["mrr"]
    out["arpa"] = safe_div(out["mrr"], out["active_customers"])
    out["mrr_arr_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out


def churn_monthly(
    customer_months: pd.DataFrame, settings: Settings, history: pd.DataFrame
) -> pd.DataFrame:
    """fct_churn_monthly: customer churn (M03), revenue churn (M04), quick ratio, D9 cohort churn.

    customer_churn_rate = churned / customers at the previous month end; annualised by
    compounding 1 − (1 − c)^12; gross = (churn + contraction) / start; net (D7) subtracts
    expansion; the ChartMogul variant also reactivation; quick ratio = (new + expansion +
    reactivation) / (churn + contraction). Trailing cohort churn (D9): of the customers paying
    `retention_lookback_months` earlier (slice as of T0, read from the full billing
    `history`, so T0 may precede the calendar), the share not paying now; an empty cohort
    has counts 0 and a NULL rate (DECISIONLOG R15, R16).
    """
    sliced = _sliced_in_play(customer_months, CUSTOMER_DIMENSIONS)
    sliced["customers_start"] = (sliced["prev_mrr_at_prev_fx"] > EPSILON).astype(int)
    sliced["churned_customers"] = (sliced["movement"] == "churn").astype(int)
    out = sliced.groupby(list(MONTHLY_GRAIN), as_index=False).agg(
        customers_start=("customers_start", "sum"),
        churned_customers=("churned_customers", "sum"),
        start_mrr=("prev_mrr", "sum"),
        churned_mrr=("churned_mrr", "sum"),
        contraction_mrr=("contraction_mrr", "sum"),
        expansion_mrr=("expansion_mrr", "sum"),
        reactivation_mrr=("reactivation_mrr", "sum"),
        new_mrr=("new_mrr", "sum"),
    )
    out = _with_total_months(out, settings, [c for c in out.columns if c not in MONTHLY_GRAIN])
    out["customer_churn_rate"] = safe_div(out["churned_customers"], out["customers_start"])
    # R19: too few customers at the month start for a stable rate
    out["is_small_sample"] = out["customers_start"] < settings.min_customers_for_rates
    out["customer_churn_rate_annualised"] = 1 - (1 - out["customer_churn_rate"]) ** 12
    losses = out["churned_mrr"] + out["contraction_mrr"]
    out["gross_mrr_churn_rate"] = safe_div(losses, out["start_mrr"])
    out["net_mrr_churn_rate"] = safe_div(losses - out["expansion_mrr"], out["start_mrr"])
    out["net_mrr_churn_rate_incl_reactivation"] = safe_div(
        losses - out["expansion_mrr"] - out["reactivation_mrr"], out["start_mrr"]
    )
    out["quick_ratio"] = safe_div(
        out["new_mrr"] + out["expansion_mrr"] + out["reactivation_mrr"], losses
    )
    # D9 trailing cohort churn
    lookback = settings.retention_lookback_months
    cohort = _point_to_point(history, settings, lookback, CUSTOMER_DIMENSIONS)
    out = out.merge(
        cohort[[*MONTHLY_GRAIN, "cohort_customers", "cohort_customers_retained", "t0_in_calendar"]],
        on=list(MONTHLY_GRAIN),
        how="left",
    )
    # an empty T0 cohort in the slice counts 0 (its rate stays NULL)
    out["cohort_customers_12m_ago"] = out["cohort_customers"].fillna(0)
    out["cohort_customers_churned_12m"] = (
        out["cohort_customers"] - out["cohort_customers_retained"]
    ).fillna(0)
    out["trailing_12m_customer_churn_rate"] = safe_div(
        out["cohort_customers_churned_12m"], out["cohort_customers_12m_ago"]
    )
    low = float(settings.var("benchmark_annual_churn_low", 0.06))
    high = float(settings.var("benchmark_annual_churn_high", 0.20))
    rate = out["trailing_12m_customer_churn_rate"]
    out["benchmark_annual_churn_low"] = low
    out["benchmark_annual_churn_high"] = high
    out["annual_churn_vs_benchmark"] = np.select(
        [rate.isna(), rate < low, rate > high], [None, "below", "above"], default="within"
    )
    out["churn_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out.drop(columns=["cohort_customers", "cohort_customers_retained", "t0_in_calendar"])


def _point_to_point(
    history: pd.DataFrame, settings: Settings, lookback: int, dimensions: dict[str, str]
) -> pd.DataFrame:
    """Per T1 month and slice (as of T0 = T1 − lookback): cohort of customers paying at T0.

    `history` is the full `customer_mrr_history` (T0 may precede the report calendar).

    Values at T1's FX rate (G5): start = native MRR at T0 × rate(T1), end = MRR at T1,
    capped = Σ min(end, start) per customer (M05, D8). Columns: cohort_customers,
    cohort_customers_retained, cohort_start_mrr, cohort_end_mrr, cohort_end_mrr_capped,
    t0_in_calendar.
    """
    frame = history.copy()
    frame["acquisition_cohort_month_text"] = frame["acquisition_cohort_month"].dt.strftime(
        "%Y-%m-%d"
    )
    t0 = frame[frame["mrr_native"] > EPSILON].copy()
    t0["t1"] = t0["month_start"] + pd.DateOffset(months=lookback)
    t1 = frame[["customer_id", "month_start", "mrr", "rate"]].rename(
        columns={"month_start": "t1", "mrr": "end_mrr", "rate": "t1_rate"}
    )
    cohort = t0.merge(t1, on=["customer_id", "t1"], how="inner")
    cohort["start_mrr"] = cohort["mrr_native"] * cohort["t1_rate"]
    cohort["capped"] = np.minimum(cohort["end_mrr"], cohort["start_mrr"])
    cohort["retained"] = (cohort["end_mrr"] > EPSILON).astype(int)
    sliced = explode_dimensions(cohort, dimensions)
    out = (
        sliced.groupby(["t1", "dimension", "dimension_value"], as_index=False)
        .agg(
            cohort_customers=("customer_id", "nunique"),
            cohort_customers_retained=("retained", "sum"),
            cohort_start_mrr=("start_mrr", "sum"),
            cohort_end_mrr=("end_mrr", "sum"),
            cohort_end_mrr_capped=("capped", "sum"),
        )
        .rename(columns={"t1": "month_start"})
    )
    out["t0_in_calendar"] = True
    return out


def revenue_retention_monthly(
    customer_months: pd.DataFrame, settings: Settings, history: pd.DataFrame
) -> pd.DataFrame:
    """fct_revenue_retention_monthly: point-to-point NRR, GRR, logo retention (M05, D8).

    T0 = T1 − retention_lookback_months, read from the full billing `history` (so T0 may
    precede the calendar); slices total and segment as of T0. An empty cohort has counts 0
    and NULL ratios (R16). nrr_1m / grr_1m: the same point-to-point computation with T0 =
    the previous month (equal to 1 − net / gross MRR churn, M04, by construction).
    """
    dims = {"segment": "segment"}
    lookback = settings.retention_lookback_months
    cohort = _point_to_point(history, settings, lookback, dims)
    one_month = _point_to_point(history, settings, 1, dims).set_index(list(MONTHLY_GRAIN))
    # every report month × (total + every segment value of the customers)
    slices = pd.concat(
        [
            pd.DataFrame({"dimension": ["total"], "dimension_value": ["all"]}),
            pd.DataFrame(
                {
                    "dimension": "segment",
                    "dimension_value": sorted(customer_months["segment"].unique()),
                }
            ),
        ],
        ignore_index=True,
    )
    grid = slices.merge(pd.DataFrame({"month_start": settings.months}), how="cross")
    out = grid.merge(cohort, on=list(MONTHLY_GRAIN), how="left")
    out["t0_month_start"] = out["month_start"] - pd.DateOffset(months=lookback)
    # counts are 0 for an empty cohort; MRR sums over an empty cohort stay NULL
    for column in ("cohort_customers", "cohort_customers_retained"):
        out[column] = out[column].fillna(0)
    # R19: too few customers in the T0 cohort for a stable ratio
    out["is_small_sample"] = out["cohort_customers"] < settings.min_customers_for_rates
    out["nrr"] = safe_div(out["cohort_end_mrr"], out["cohort_start_mrr"])
    out["grr"] = safe_div(out["cohort_end_mrr_capped"], out["cohort_start_mrr"])
    out["logo_retention"] = safe_div(out["cohort_customers_retained"], out["cohort_customers"])
    key = pd.MultiIndex.from_frame(out[list(MONTHLY_GRAIN)])
    out["nrr_1m"] = safe_div(
        one_month["cohort_end_mrr"].reindex(key), one_month["cohort_start_mrr"].reindex(key)
    ).to_numpy()
    out["grr_1m"] = safe_div(
        one_month["cohort_end_mrr_capped"].reindex(key),
        one_month["cohort_start_mrr"].reindex(key),
    ).to_numpy()
    out = out.drop(columns=["t0_in_calendar"])
    out["revenue_retention_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out.reset_index(drop=True)


def cohort_retention(customer_months: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """fct_cohort_retention: acquisition cohort × months since acquisition (M05 by cohort).

    Cohort = month of the first paid month end; cohort_start_mrr = the cohort's MRR in its
    first month re-valued at this month's FX rate (G5).
    """
    frame = customer_months.copy()  # first_paid_mrr_native comes from the full history
    frame["months_since_acquisition"] = (
        (frame["month_start"].dt.year - frame["acquisition_cohort_month"].dt.year) * 12
        + frame["month_start"].dt.month
        - frame["acquisition_cohort_month"].dt.month
    )
    # the real first-month MRR from the full billing history, also for cohorts older than the
    # calendar (R3); every customer has one (its first paid month defines the cohort)
    if frame["first_paid_mrr_native"].isna().any():
        raise ValueError("cohort_retention: a customer has no first paid month MRR")
    frame["cohort_start_at_current_fx"] = round_money(
        frame["first_paid_mrr_native"] * frame["rate"]
    )
    frame["active"] = (frame["mrr"] > EPSILON).astype(int)
    out = frame.groupby(
        ["acquisition_cohort_month", "months_since_acquisition"], as_index=False
    ).agg(
        month_start=("month_start", "first"),
        cohort_customers=("customer_id", "nunique"),
        active_customers=("active", "sum"),
        mrr=("mrr", "sum"),
        cohort_start_mrr=("cohort_start_at_current_fx", "sum"),
    )
    out["logo_retention"] = safe_div(out["active_customers"], out["cohort_customers"])
    out["net_mrr_retention"] = safe_div(out["mrr"], out["cohort_start_mrr"])
    out["cohort_retention_id"] = surrogate_key(
        out, ["acquisition_cohort_month", "months_since_acquisition"]
    )
    return out


def revenue_growth_monthly(
    raw: RawTables, settings: Settings, mrr_arr: pd.DataFrame, history: pd.DataFrame
) -> pd.DataFrame:
    """fct_revenue_growth_monthly (M16, D18, NZ02): MoM/YoY growth, CMGR-12, plan, CPI, real growth.

    Slices total and segment. A zero or missing base gives NULL. Plan: finance revenue plan
    (total = sum of segments). Inflation = CPI / CPI 12 months earlier − 1; real growth =
    (1 + nominal) / (1 + inflation) − 1. Base months before the calendar (t−1, t−12) come
    from the full billing `history` (customer MRR at each month's FX, R20); CPI exists from
    the calendar on, so inflation and real growth are NULL where CPI of t−12 is missing.
    """
    base = mrr_arr[mrr_arr["dimension"].isin(["total", "segment"])][
        ["month_start", "dimension", "dimension_value", "mrr"]
    ]
    earlier = history[
        (history["month_start"] < settings.reporting_start_month) & (history["mrr"] > EPSILON)
    ]
    earlier = explode_dimensions(earlier[["month_start", "segment", "mrr"]], {"segment": "segment"})
    earlier = earlier.groupby(list(MONTHLY_GRAIN), as_index=False)["mrr"].sum()
    first = min(
        [settings.reporting_start_month - pd.DateOffset(months=1)]
        + ([history["month_start"].min()] if len(history) else [])
    )
    history_months = pd.date_range(first, settings.reporting_start_month, freq="MS")[:-1]
    # every month for each slice value seen (zero months explicit), billing history included
    values = base[["dimension", "dimension_value"]].drop_duplicates()
    all_months = history_months.append(settings.months)
    series_grid = values.merge(pd.DataFrame({"month_start": all_months}), how="cross")
    series_grid = series_grid.merge(
        pd.concat([base, earlier], ignore_index=True), on=list(MONTHLY_GRAIN), how="left"
    )
    series_grid["mrr"] = series_grid["mrr"].fillna(0.0)
    series = series_grid.set_index(list(MONTHLY_GRAIN))["mrr"]
    out = series_grid[series_grid["month_start"].isin(settings.months)].reset_index(drop=True)

    def shifted(months: int) -> np.ndarray:
        key = pd.MultiIndex.from_arrays(
            [
                out["month_start"] - pd.DateOffset(months=months),
                out["dimension"],
                out["dimension_value"],
            ]
        )
        return series.reindex(key).to_numpy()

    out["mrr_prev_month"] = shifted(1)
    out["mrr_12m_ago"] = shifted(12)
    out["revenue_growth_mom"] = safe_div(out["mrr"], out["mrr_prev_month"]) - 1
    out["revenue_growth_yoy"] = safe_div(out["mrr"], out["mrr_12m_ago"]) - 1
    out["cmgr_12"] = safe_div(out["mrr"], out["mrr_12m_ago"]) ** (1 / 12) - 1
    plan = _get(raw, settings, "stg_finance__revenue_plan")
    by_segment = plan.groupby(["month_start", "segment"])["planned_mrr"].sum()
    total = plan.groupby("month_start")["planned_mrr"].sum()
    out["planned_mrr"] = np.where(
        out["dimension"] == "total",
        out["month_start"].map(total),
        by_segment.reindex(
            pd.MultiIndex.from_arrays([out["month_start"], out["dimension_value"]])
        ).to_numpy(),
    )
    out["plan_attainment"] = safe_div(out["mrr"], out["planned_mrr"])
    out["plan_variance"] = out["mrr"] - out["planned_mrr"]
    out["plan_variance_pct"] = safe_div(out["plan_variance"], out["planned_mrr"])
    cpi = _get(raw, settings, "stg_finance__cpi").set_index("month_start")["cpi_index"]
    out["cpi_index"] = out["month_start"].map(cpi)
    out["cpi_index_12m_ago"] = (out["month_start"] - pd.DateOffset(months=12)).map(cpi)
    out["inflation_yoy"] = safe_div(out["cpi_index"], out["cpi_index_12m_ago"]) - 1
    out["real_revenue_growth_yoy"] = (
        safe_div(1 + out["revenue_growth_yoy"], 1 + out["inflation_yoy"]) - 1
    )
    out["revenue_growth_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out


def _fx_at(
    raw: RawTables, settings: Settings, months: pd.Series, currencies: pd.Series
) -> np.ndarray:
    """Rate to the reporting currency for each (month start, currency) pair."""
    rates = fx_rates(raw, settings).set_index(["month_start", "currency"])["rate_to_reporting"]
    key = pd.MultiIndex.from_arrays([months, currencies.astype(str).str.upper()])
    return rates.reindex(key).to_numpy()


def renewals_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_renewals_monthly: contract renewal rates by due month (M06a, D22, WE4).

    Renewal opportunities (opp_type 'renewal') belong to the month of their renewal due date
    (early renewals included). prior_arr is the ARR up for renewal; renewed ARR is the
    amount of a won renewal (0 otherwise); money at the due month's FX rate. The rates'
    population follows var renewal_rate_basis: 'resolved' = won + lost, 'due' = all due.
    gross = Σ min(renewed, prior) / Σ prior; net = Σ renewed / Σ prior; logo = won / base;
    upsell = Σ max(renewed − prior, 0) / Σ prior; pending = Σ prior of open renewals.
    """
    opps = _get(raw, settings, "stg_crm__opportunities")
    renewals = opps[(opps["opp_type"] == "renewal") & opps["renewal_due_date"].notna()].copy()
    renewals["month_start"] = month_start(renewals["renewal_due_date"])
    renewals = renewals[renewals["month_start"].isin(settings.months)]
    rate = _fx_at(raw, settings, renewals["month_start"], renewals["currency"])
    renewals["prior"] = renewals["prior_arr"].fillna(0) * rate
    renewals["renewed"] = np.where(
        renewals["status"] == "won", renewals["amount"].fillna(0) * rate, 0.0
    )
    basis = settings.renewal_rate_basis
    renewals["in_base"] = renewals["status"].isin(["won", "lost"]) if basis == "resolved" else True
    accounts = _get(raw, settings, "stg_crm__accounts").set_index("account_id")["segment"]
    renewals["segment"] = renewals["account_id"].map(accounts).fillna("unknown")
    renewals["won"] = (renewals["status"] == "won").astype(int)
    renewals["lost"] = (renewals["status"] == "lost").astype(int)
    renewals["open"] = (renewals["status"] == "open").astype(int)
    base = renewals["in_base"].astype(bool)
    renewals["prior_base"] = renewals["prior"].where(base, 0.0)
    renewals["renewed_base"] = renewals["renewed"].where(base, 0.0)
    renewals["kept_base"] = np.minimum(renewals["renewed"], renewals["prior"]).where(base, 0.0)
    renewals["upsell_base"] = (
        (renewals["renewed"] - renewals["prior"]).clip(lower=0).where(base, 0.0)
    )
    renewals["won_base"] = renewals["won"].where(base, 0)
    renewals["count_base"] = base.astype(int)
    renewals["pending"] = renewals["prior"].where(renewals["status"] == "open", 0.0)
    sliced = explode_dimensions(renewals, {"segment": "segment"})
    out = sliced.groupby(list(MONTHLY_GRAIN), as_index=False).agg(
        renewals_due=("opportunity_id", "count"),
        renewals_won=("won", "sum"),
        renewals_lost=("lost", "sum"),
        renewals_open=("open", "sum"),
        prior_arr_due=("prior", "sum"),
        prior_arr_in_rate_base=("prior_base", "sum"),
        renewed_arr=("renewed_base", "sum"),
        upsell_at_renewal_arr=("upsell_base", "sum"),
        pending_renewal_arr=("pending", "sum"),
        renewed_arr_capped=("kept_base", "sum"),
        won_base=("won_base", "sum"),
        renewals_in_rate_base=("count_base", "sum"),
    )
    out["renewal_rate_basis"] = basis
    out["gross_dollar_renewal_rate"] = safe_div(
        out["renewed_arr_capped"], out["prior_arr_in_rate_base"]
    )
    out["net_dollar_renewal_rate"] = safe_div(out["renewed_arr"], out["prior_arr_in_rate_base"])
    out["logo_renewal_rate"] = safe_div(out["won_base"], out["renewals_in_rate_base"])
    out["upsell_at_renewal_rate"] = safe_div(
        out["upsell_at_renewal_arr"], out["prior_arr_in_rate_base"]
    )
    out["renewal_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out.drop(columns=["won_base"])


def price_test_results(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_price_test_results (E1, WE16): per experiment and variant.

    trials = assignments; a conversion = the assigned customer has a paid (non-trial,
    MRR > 0) subscription item in force at some point in [assigned_date, assigned_date +
    var price_test_conversion_window_days]; new_mrr_per_trial = conversion_rate × list price
    (reporting currency at the assignment month's FX). Control: variant 'control' or 'a'
    (case-insensitive) if present, else the first by name. Lifts = variant / control − 1;
    pooled two-proportion z of (variant − control) conversion; two-sided p (normal). The
    control row's lifts, z, p and significance are NULL (not compared with itself);
    significant = p < var price_test_significance_level (default 0.05).
    """
    from scipy.stats import norm

    assignments = _get(raw, settings, "stg_finance__price_test_assignments")
    window = pd.Timedelta(days=int(settings.var("price_test_conversion_window_days", 30)))
    periods = subscription_item_periods(raw, settings)
    paid = periods[(periods["monthly_amount"] > 0) & ~periods["is_trial"]][
        ["customer_id", "valid_from", "valid_to"]
    ]
    pairs = assignments[["assignment_id", "customer_id", "assigned_date"]].merge(
        paid, on="customer_id"
    )
    overlaps = (pairs["valid_from"] <= pairs["assigned_date"] + window) & (
        pairs["valid_to"].isna() | (pairs["valid_to"] > pairs["assigned_date"])
    )
    converted = set(pairs.loc[overlaps, "assignment_id"])
    assignments["converted"] = assignments["assignment_id"].isin(converted).astype(int)
    assignments["list_price_reporting"] = assignments["list_price"] * _fx_at(
        raw, settings, month_start(assignments["assigned_date"]), assignments["currency"]
    )
    out = assignments.groupby(["experiment_id", "variant"], as_index=False).agg(
        # unknown (NaN) when any assignment's price is: a currency without an FX rate
        list_price=("list_price_reporting", lambda prices: prices.mean(skipna=False)),
        trials=("assignment_id", "count"),
        conversions=("converted", "sum"),
    )
    out["conversion_rate"] = safe_div(out["conversions"], out["trials"])
    out["new_mrr_per_trial"] = out["conversion_rate"] * out["list_price"]

    def control_of(variants: pd.Series) -> str:
        lowered = {v.lower(): v for v in variants}
        for name in ("control", "a"):
            if name in lowered:
                return lowered[name]
        return sorted(variants)[0]

    controls = out.groupby("experiment_id")["variant"].agg(control_of)
    out["is_control"] = out["variant"] == out["experiment_id"].map(controls)
    control = out[out["is_control"]].set_index("experiment_id")
    c_rate = out["experiment_id"].map(control["conversion_rate"])
    c_mrr = out["experiment_id"].map(control["new_mrr_per_trial"])
    c_conv = out["experiment_id"].map(control["conversions"])
    c_trials = out["experiment_id"].map(control["trials"])
    out["conversion_rate_lift"] = safe_div(out["conversion_rate"], c_rate) - 1
    out["new_mrr_per_trial_lift"] = safe_div(out["new_mrr_per_trial"], c_mrr) - 1
    pooled = safe_div(out["conversions"] + c_conv, out["trials"] + c_trials)
    se = np.sqrt(pooled * (1 - pooled) * (1 / out["trials"] + 1 / c_trials))
    out["z_score"] = safe_div(out["conversion_rate"] - c_rate, se)
    out["p_value"] = 2 * (1 - norm.cdf(out["z_score"].abs()))
    out.loc[out["z_score"].isna(), "p_value"] = np.nan
    # the control is not compared with itself: its lifts and test are NULL
    for column in ("conversion_rate_lift", "new_mrr_per_trial_lift", "z_score", "p_value"):
        out.loc[out["is_control"], column] = np.nan
    level = float(settings.var("price_test_significance_level", 0.05))
    out["significance_level"] = level
    out["is_significant"] = (out["p_value"] < level).astype(object).where(out["p_value"].notna())
    out["price_test_result_id"] = surrogate_key(out, ["experiment_id", "variant"])
    return out


def _gross_margin(raw: RawTables, settings: Settings, months: pd.Series) -> np.ndarray:
    margin = _get(raw, settings, "stg_finance__gross_margin").drop_duplicates("month_start")
    return months.map(margin.set_index("month_start")["gross_margin_pct"]).to_numpy()


def customer_lifetime_value(
    raw: RawTables,
    settings: Settings,
    mrr_arr: pd.DataFrame,
    churn: pd.DataFrame,
    history: pd.DataFrame,
) -> pd.DataFrame:
    """fct_customer_lifetime_value (M07, D16, WE6): month × (total, segment).

    churn_6m = mean of the slice's non-NULL monthly customer churn rates over the
    `ltv_churn_window_months` months before M (M excluded); lifetime = 1 / churn_6m capped at
    `ltv_max_lifetime_months` (zero or NULL churn -> NULL); ltv_revenue = ARPA × lifetime;
    ltv = ARPA × gross margin × lifetime; ltv_to_cac = ltv / blended CAC of the SalesOps CAC
    (M08) on the total row only. Window months before the calendar take the monthly customer
    churn rate from the full billing `history` (R21); `is_lifetime_capped` marks 1 / churn_6m
    above the cap.
    """

    window = settings.ltv_churn_window_months
    calendar_churn = churn[churn["dimension"].isin(["total", "segment"])][
        ["month_start", "dimension", "dimension_value", "customer_churn_rate"]
    ]
    earlier = history[history["month_start"] < settings.reporting_start_month].copy()
    earlier["customers_start"] = (earlier["prev_mrr_at_prev_fx"] > EPSILON).astype(int)
    earlier["churned"] = (earlier["movement"] == "churn").astype(int)
    earlier = explode_dimensions(
        earlier[["month_start", "segment", "customers_start", "churned"]], {"segment": "segment"}
    )
    earlier = earlier.groupby(list(MONTHLY_GRAIN), as_index=False)[
        ["customers_start", "churned"]
    ].sum()
    earlier["customer_churn_rate"] = safe_div(earlier["churned"], earlier["customers_start"])
    history_churn = earlier[[*MONTHLY_GRAIN, "customer_churn_rate"]]
    slices = pd.concat([calendar_churn, history_churn], ignore_index=True)
    values = calendar_churn[["dimension", "dimension_value"]].drop_duplicates()
    grid = values.merge(pd.DataFrame({"month_start": settings.months}), how="cross")
    rates = slices.set_index(list(MONTHLY_GRAIN))["customer_churn_rate"]
    lagged = []
    for lag in range(1, window + 1):
        key = pd.MultiIndex.from_arrays(
            [
                grid["month_start"] - pd.DateOffset(months=lag),
                grid["dimension"],
                grid["dimension_value"],
            ]
        )
        lagged.append(rates.reindex(key).to_numpy())
    stacked = np.vstack(lagged).T if lagged else np.empty((len(grid), 0))
    grid["churn_months_in_window"] = np.sum(~np.isnan(stacked), axis=1)
    with np.errstate(invalid="ignore"):
        grid["churn_6m"] = np.where(
            grid["churn_months_in_window"] > 0,
            np.nansum(stacked, axis=1) / np.maximum(grid["churn_months_in_window"], 1),
            np.nan,
        )
    grid["is_churn_window_short"] = (
        grid["churn_months_in_window"] < settings.ltv_min_churn_months_for_trust
    )
    arpa = mrr_arr.set_index(list(MONTHLY_GRAIN))["arpa"]
    grid["arpa"] = arpa.reindex(pd.MultiIndex.from_frame(grid[list(MONTHLY_GRAIN)])).to_numpy()
    grid["gross_margin_pct"] = _gross_margin(raw, settings, grid["month_start"])
    lifetime = safe_div(1.0, grid["churn_6m"])
    grid["is_lifetime_capped"] = (lifetime > settings.ltv_max_lifetime_months).fillna(False)
    grid["expected_lifetime_months"] = np.minimum(lifetime, settings.ltv_max_lifetime_months).where(
        lifetime.notna()
    )
    grid["ltv_revenue"] = grid["arpa"] * grid["expected_lifetime_months"]
    grid["ltv"] = grid["arpa"] * grid["gross_margin_pct"] * grid["expected_lifetime_months"]
    # the LTV as numerator / denominator for the semantic layer (issue 15)
    customers = mrr_arr.set_index(list(MONTHLY_GRAIN))["active_customers"]
    grid["ltv_active_customers"] = (
        customers.reindex(pd.MultiIndex.from_frame(grid[list(MONTHLY_GRAIN)])).to_numpy()
    )
    grid["ltv_active_customers"] = grid["ltv_active_customers"].where(grid["ltv_revenue"].notna())
    mrr = mrr_arr.set_index(list(MONTHLY_GRAIN))["mrr"]
    base_mrr = pd.Series(
        mrr.reindex(pd.MultiIndex.from_frame(grid[list(MONTHLY_GRAIN)])).to_numpy(),
        index=grid.index,
    ).where(grid["ltv_active_customers"].notna())
    grid["paying_base_ltv_revenue"] = base_mrr * grid["expected_lifetime_months"]
    grid["paying_base_ltv"] = (
        base_mrr * grid["gross_margin_pct"] * grid["expected_lifetime_months"]
    )
    cac = cac_monthly(raw, settings)
    cac = cac[cac["dimension"] == "total"].set_index("month_start")["blended_cac"]
    is_total = grid["dimension"] == "total"
    grid["blended_cac"] = grid["month_start"].map(cac).where(is_total)
    grid["ltv_to_cac"] = safe_div(grid["ltv"], grid["blended_cac"]).where(is_total)
    grid["customer_lifetime_value_id"] = surrogate_key(grid, list(MONTHLY_GRAIN))
    return grid


def marketing_roi_monthly(
    raw: RawTables, settings: Settings, customer_months: pd.DataFrame
) -> pd.DataFrame:
    """fct_marketing_roi_monthly (M17, D19, WE15): month × (total paid; channel_type; channel;
    campaign).

    new_arr_attributed = 12 × new MRR of customers acquired in M through the channel (first
    touch; reactivations excluded, D6); spend = ad platforms + channel programme costs in the
    reporting currency (the SalesOps oracle's marketing spend); ROI = (ARR − spend) / spend,
    GM version uses the month's gross margin, ROAS = ARR / spend; spend 0 -> NULL. The total
    row is ('total', 'paid'): paid channels only; the channel_type 'unpaid' row has NULL
    ratios (R22). No customer with a known acquisition channel in the whole history (no
    revenue source): every ratio NULL (issue 12).
    Campaign rows: see `_campaign_roi_rows` (R18).
    """

    mapping = (
        raw.lookup("channel_mapping").drop_duplicates("channel").set_index("channel")["is_paid"]
    )
    paid = mapping.str.lower().eq("true")
    new = customer_months[customer_months["movement"] == "new"][
        ["month_start", "acquisition_channel", "new_mrr"]
    ].rename(columns={"acquisition_channel": "channel"})
    new["new_customers"], new["spend"] = 1, 0.0
    spend = marketing_spend_monthly(raw, settings).rename(
        columns={"spend_amount": "spend"}
    )
    spend = spend[["month_start", "channel", "spend"]].assign(new_customers=0, new_mrr=0.0)
    rows = pd.concat([new, spend], ignore_index=True)
    rows = rows[rows["month_start"].isin(settings.months)]
    rows["channel_type"] = np.where(
        rows["channel"].map(paid).fillna(False).astype(bool), "paid", "unpaid"
    )
    sliced = explode_dimensions(
        rows, {"channel_type": "channel_type", "channel": "channel"}, total=False
    )
    # R22: the roll-up is "total paid" (M17, WE15), a row every report month
    paid_total = rows[rows["channel_type"] == "paid"].assign(
        dimension="total", dimension_value="paid"
    )
    every_month = pd.DataFrame(
        {
            "month_start": settings.months,
            "dimension": "total",
            "dimension_value": "paid",
            "new_customers": 0,
            "new_mrr": 0.0,
            "spend": 0.0,
        }
    )
    sliced = pd.concat([sliced, paid_total, every_month], ignore_index=True)
    out = sliced.groupby(list(MONTHLY_GRAIN), as_index=False).agg(
        new_customers=("new_customers", "sum"), new_mrr=("new_mrr", "sum"), spend=("spend", "sum")
    )
    out = pd.concat([out, _campaign_roi_rows(raw, settings, customer_months)], ignore_index=True)
    out["new_arr_attributed"] = 12 * out["new_mrr"]
    out["gross_margin_pct"] = _gross_margin(raw, settings, out["month_start"])
    out["marketing_roi"] = safe_div(out["new_arr_attributed"] - out["spend"], out["spend"])
    out["marketing_roi_gm"] = safe_div(
        out["new_arr_attributed"] * out["gross_margin_pct"] - out["spend"], out["spend"]
    )
    out["roas"] = safe_div(out["new_arr_attributed"], out["spend"])
    # the ratios' inputs, published for the semantic layer (issue 15)
    out["roi_spend"] = out["spend"].astype(float)
    out["new_arr_attributed_gm"] = out["new_arr_attributed"] * out["gross_margin_pct"]
    channel_paid = out["dimension_value"].map(paid).fillna(False).astype(bool)
    out["is_paid_channel"] = pd.Series(
        np.select(
            [out["dimension"] == "total", out["dimension"] == "channel_type",
             out["dimension"] == "channel"],
            [True, out["dimension_value"] == "paid", channel_paid],
            default=None,
        ),
        index=out.index,
        dtype=object,
    )
    # R22: the unpaid roll-up mixes organic channels and unknown first touch: no ROI
    unpaid = (out["dimension"] == "channel_type") & (out["dimension_value"] == "unpaid")
    out.loc[unpaid, ["marketing_roi", "marketing_roi_gm", "roas", "roi_spend"]] = np.nan
    # issue 12: no billing customer with a known acquisition channel anywhere in the history
    # (no billing data, or no CRM link) -> no revenue source: ratios unknown, not -100 %
    known = customer_months["acquisition_channel"].fillna("unknown").ne("unknown")
    if not known.any():
        out[["marketing_roi", "marketing_roi_gm", "roas", "roi_spend"]] = np.nan
    out = out.merge(_platform_conversion_rows(raw, settings), on=list(MONTHLY_GRAIN), how="left")
    out["platform_cpa"] = safe_div(out["conversion_spend"], out["platform_conversions"])
    out["platform_roas"] = safe_div(out["platform_conversion_value"], out["conversion_spend"])
    out["marketing_roi_monthly_id"] = surrogate_key(out, list(MONTHLY_GRAIN))
    return out


def _platform_conversion_rows(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Platform-reported conversions of fct_marketing_roi_monthly (issue 12) per month ×
    (total paid; channel_type; channel; campaign).

    From the daily ad rows: conversions and conversion value as the platforms report them
    (value at the month's FX rate), and conversion_spend = the spend (reporting currency) of
    the days whose conversions are reported. Sums keep NaN when no day reports any (unknown,
    not 0). Campaign = the CRM campaign the ad campaign links to (lowest id), else 'unknown'.
    """
    ads = clean.get(raw, settings, "int_ad_spend_daily")
    months = month_start(ads["spend_date"])
    currency = ads["currency"].fillna(settings.reporting_currency).str.upper()
    rate = fx_rate(raw, settings, months, currency).to_numpy()
    conversions = pd.to_numeric(ads["platform_conversions"], errors="coerce")
    value = pd.to_numeric(ads["platform_conversion_value"], errors="coerce")
    rows = pd.DataFrame(
        {
            "month_start": months,
            "channel": ads["channel"].fillna("unknown"),
            "is_paid": ads["is_paid"].fillna(False).astype(bool),
            "platform": ads["platform"],
            "ad_campaign_id": ads["ad_campaign_id"].astype(str),
            "platform_conversions": conversions,
            "platform_conversion_value": value * rate,
            "conversion_spend": (ads["spend_amount"] * rate).where(conversions.notna()),
        }
    )
    rows = rows[rows["month_start"].isin(settings.months)]
    campaigns = _get(raw, settings, "stg_crm__campaigns").dropna(
        subset=["ad_platform", "ad_campaign_id"]
    )
    link = campaigns.assign(
        ad_platform=campaigns["ad_platform"].astype(str).str.strip().str.lower(),
        ad_campaign_id=campaigns["ad_campaign_id"].astype(str),
    ).groupby(["ad_platform", "ad_campaign_id"])["campaign_id"].min()
    rows["campaign"] = (
        link.reindex(pd.MultiIndex.from_frame(rows[["platform", "ad_campaign_id"]]))
        .fillna("unknown")
        .to_numpy()
    )
    rows["channel_type"] = np.where(rows["is_paid"], "paid", "unpaid")
    slices = [
        rows.assign(dimension="channel", dimension_value=rows["channel"]),
        rows.assign(dimension="channel_type", dimension_value=rows["channel_type"]),
        rows[rows["is_paid"]].assign(dimension="total", dimension_value="paid"),
        rows.assign(dimension="campaign", dimension_value=rows["campaign"]),
    ]
    measures = ["platform_conversions", "platform_conversion_value", "conversion_spend"]
    return (
        pd.concat(slices, ignore_index=True)
        .groupby(list(MONTHLY_GRAIN), as_index=False)[measures]
        .sum(min_count=1)
    )


def ad_spend_by_campaign_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Ad-platform spend per month × platform × ad campaign × currency (R18).

    Columns: month_start, ad_platform (google_ads, facebook_ads, linkedin_ads,
    microsoft_ads), ad_campaign_id, currency, spend_amount (reporting currency: the native
    monthly sum, rounded to 4 decimals, × the month's FX rate of `fx_rates`, rounded).
    """
    ads = clean.get(raw, settings, "int_ad_spend_daily")
    ads = ads.assign(
        month_start=month_start(ads["spend_date"]),
        ad_platform=ads["platform"],
        ad_campaign_id=ads["ad_campaign_id"].astype(str),
        currency=ads["currency"].fillna(settings.reporting_currency).str.upper(),
    )
    keys = ["month_start", "ad_platform", "ad_campaign_id", "currency"]
    out = ads.groupby(keys, as_index=False)["spend_amount"].sum()
    out["spend_amount_native"] = round_money(out["spend_amount"])
    rate = fx_rates(raw, settings).set_index(["month_start", "currency"])["rate_to_reporting"]
    out["spend_amount"] = round_money(
        out["spend_amount_native"]
        * rate.reindex(pd.MultiIndex.from_frame(out[["month_start", "currency"]])).to_numpy()
    )
    return out


def _campaign_roi_rows(
    raw: RawTables, settings: Settings, customer_months: pd.DataFrame
) -> pd.DataFrame:
    """Campaign slice of fct_marketing_roi_monthly (R18): month × CRM campaign_id.

    spend = ad-platform spend of the ad campaign the CRM campaign links to
    (stg_crm__campaigns.ad_platform / ad_campaign_id; the lowest campaign id when several
    link to one ad campaign; unlinked ad spend -> 'unknown'); new ARR = 12 × new MRR of the
    customers acquired in M whose earliest won new-business opportunity carries the campaign
    (`customer_attributes`.acquisition_campaign_id; none -> 'unknown').
    """
    campaigns = _get(raw, settings, "stg_crm__campaigns")
    linked = campaigns.dropna(subset=["ad_platform", "ad_campaign_id"]).assign(
        ad_platform=lambda f: f["ad_platform"].astype(str).str.strip().str.lower(),
        ad_campaign_id=lambda f: f["ad_campaign_id"].astype(str),
    )
    link = linked.groupby(["ad_platform", "ad_campaign_id"])["campaign_id"].min()
    spend = ad_spend_by_campaign_monthly(raw, settings)
    spend["campaign_id"] = (
        link.reindex(pd.MultiIndex.from_frame(spend[["ad_platform", "ad_campaign_id"]]))
        .fillna("unknown")
        .to_numpy()
    )
    spend = spend[["month_start", "campaign_id", "spend_amount"]].rename(
        columns={"spend_amount": "spend"}
    )
    spend = spend.assign(new_customers=0, new_mrr=0.0)
    campaign_of = customer_attributes(raw, settings).set_index("customer_id")[
        "acquisition_campaign_id"
    ]
    new = customer_months[customer_months["movement"] == "new"][
        ["customer_id", "month_start", "new_mrr"]
    ].copy()
    new["campaign_id"] = new["customer_id"].map(campaign_of).fillna("unknown")
    new = new.drop(columns=["customer_id"]).assign(new_customers=1, spend=0.0)
    rows = pd.concat([new, spend], ignore_index=True)
    rows = rows[rows["month_start"].isin(settings.months)]
    out = rows.groupby(["month_start", "campaign_id"], as_index=False).agg(
        new_customers=("new_customers", "sum"), new_mrr=("new_mrr", "sum"), spend=("spend", "sum")
    )
    return out.rename(columns={"campaign_id": "dimension_value"}).assign(dimension="campaign")


def dim_customers(raw: RawTables, settings: Settings, history: pd.DataFrame) -> pd.DataFrame:
    """dim_customers (core): one row per billing customer with its CRM attributes (G10, R17).

    crm_account_id = the resolved CRM account (metadata, else stripe_customer_id_c);
    first_paid_month = acquisition_cohort_month = the first month with MRR > 0 over the whole
    billing `history` (NULL if the customer never paid).
    """
    customers = _get(raw, settings, "stg_billing__customers")[
        ["customer_id", "customer_name", "currency"]
    ]
    attributes = customer_attributes(raw, settings).drop(columns=["crm_account_id"])
    frame = customers.merge(attributes, on="customer_id", how="left")
    frame = frame.rename(columns={"account_id": "crm_account_id"})
    first_paid = history.groupby("customer_id")["first_paid_month"].first()
    frame["first_paid_month"] = frame["customer_id"].map(first_paid)
    frame["acquisition_cohort_month"] = frame["first_paid_month"]
    return frame


KPI_SOURCES = {
    "mrr_arr": ["mrr", "arr", "active_customers", "arpa"],
    "movements": [
        "start_mrr",
        "new_mrr",
        "reactivation_mrr",
        "expansion_mrr",
        "contraction_mrr",
        "churned_mrr",
        "fx_impact",
        "net_new_mrr",
        "new_customers",
        "churned_customers",
        "expansion_rate",
        "expansion_share_of_new_arr",
        "pct_customers_expanded",
    ],
    "churn": [
        "customer_churn_rate",
        "customer_churn_rate_annualised",
        "trailing_12m_customer_churn_rate",
        "annual_churn_vs_benchmark",
        "gross_mrr_churn_rate",
        "net_mrr_churn_rate",
        "quick_ratio",
    ],
    "retention": ["nrr", "grr", "logo_retention"],
    "renewals": [
        "gross_dollar_renewal_rate",
        "net_dollar_renewal_rate",
        "logo_renewal_rate",
        "pending_renewal_arr",
    ],
    "growth": [
        "revenue_growth_mom",
        "revenue_growth_yoy",
        "cmgr_12",
        "real_revenue_growth_yoy",
        "planned_mrr",
        "plan_attainment",
        "plan_variance",
    ],
    "ltv": ["ltv", "ltv_to_cac"],
    "billings": ["invoiced_amount", "collected_amount", "refunded_amount", "net_collected_amount"],
}


def revops_kpis_monthly(frames: dict[str, pd.DataFrame], settings: Settings) -> pd.DataFrame:
    """fct_revops_kpis_monthly: one wide row per month × segment ('all' = total), each value
    read from its metric's home (M01-M07, M16): no recomputation."""
    growth = frames["growth"]
    base = growth[growth["dimension"].isin(["total", "segment"])][list(MONTHLY_GRAIN)]
    out = base.copy()
    for name, columns in KPI_SOURCES.items():
        frame = frames[name]
        frame = frame[frame["dimension"].isin(["total", "segment"])][[*MONTHLY_GRAIN, *columns]]
        out = out.merge(frame, on=list(MONTHLY_GRAIN), how="left")
    # balances and flows of a segment with no customers yet are 0, not NULL (ratios stay NULL)
    zero_filled = [
        *KPI_SOURCES["mrr_arr"][:3],
        *KPI_SOURCES["movements"][:10],
        *KPI_SOURCES["billings"],
    ]
    out[zero_filled] = out[zero_filled].fillna(0)
    out["segment"] = np.where(out["dimension"] == "total", "all", out["dimension_value"])
    out["revops_kpi_monthly_id"] = surrogate_key(out, ["month_start", "segment"])
    return out.drop(columns=["dimension", "dimension_value"])


def compute(raw: RawTables, settings: Settings) -> dict[str, pd.DataFrame]:
    """Every RevOps mart the oracle covers, keyed by mart name (see MODELS)."""
    history = customer_mrr_history(raw, settings)
    customer_months = report_months_of(history, settings)
    mrr_arr = mrr_arr_monthly(customer_months, settings)
    movements = mrr_movements_monthly(customer_months, settings)
    churn = churn_monthly(customer_months, settings, history)
    retention = revenue_retention_monthly(customer_months, settings, history)
    growth = revenue_growth_monthly(raw, settings, mrr_arr, history)
    renewals = renewals_monthly(raw, settings)
    ltv = customer_lifetime_value(raw, settings, mrr_arr, churn, history)
    billings = billings_monthly(raw, settings)
    kpis = revops_kpis_monthly(
        {
            "mrr_arr": mrr_arr,
            "movements": movements,
            "churn": churn,
            "retention": retention,
            "renewals": renewals,
            "growth": growth,
            "ltv": ltv,
            "billings": billings,
        },
        settings,
    )
    return {
        "fct_customer_mrr_months": customer_months,
        "fct_mrr_movements_monthly": movements,
        "fct_mrr_arr_monthly": mrr_arr,
        "fct_churn_monthly": churn,
        "fct_revenue_retention_monthly": retention,
        "fct_cohort_retention": cohort_retention(customer_months, settings),
        "fct_revenue_growth_monthly": growth,
        "fct_renewals_monthly": renewals,
        "fct_price_test_results": price_test_results(raw, settings),
        "fct_customer_lifetime_value": ltv,
        "fct_marketing_roi_monthly": marketing_roi_monthly(raw, settings, customer_months),
        "fct_revops_kpis_monthly": kpis,
        "fct_billings_monthly": billings,
        "dim_customers": dim_customers(raw, settings, history),
    }
