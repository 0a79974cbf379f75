"""The MRR engine on raw billing data, shared by both domains.

Subscription-item periods, discounts, FX to the reporting currency, customer attributes and
the customer x month MRR history with its movements (`customer_mrr_months`). RevOps builds
its marts on it; SalesOps takes new logos and new MRR from it (M08, D6). Moved unchanged
from `revops.py` so that neither domain module imports the other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import clean
from .helpers import round_money, safe_div, surrogate_key
from .raw import RawTables, month_start
from .settings import Settings

EPSILON = 1e-9

MONEY_COLUMNS = (
    "mrr_native",
    "mrr",
    "prev_mrr",
    "prev_mrr_at_prev_fx",
    "fx_impact",
    "new_mrr",
    "reactivation_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churned_mrr",
)

# billing period in months -> label (fct_customer_mrr_months.billing_interval)
INTERVAL_LABELS = {
    1.0: "monthly",
    3.0: "quarterly",
    6.0: "semiannual",
    12.0: "annual",
    24.0: "biennial",
    36.0: "triennial",
}


def _get(raw: RawTables, settings: Settings, name: str) -> pd.DataFrame:
    return clean.get(raw, settings, name)


# --- 1-3: item periods ----------------------------------------------------------------


def subscription_item_periods(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """One row per subscription item and billed state (SH01), with its validity.

    Returns columns: subscription_id, subscription_item_id, customer_id, price_id,
    product_id, currency, billing_period_months, billing_interval, quantity, unit_amount
    (major units, native currency), valid_from, valid_to (exclusive; NaT = open), is_trial,
    monthly_amount (native, 0 for trials and free lines).
    """
    lines = _get(raw, settings, "stg_billing__invoice_line_items")
    invoices = _get(raw, settings, "stg_billing__invoices")[["invoice_id", "status"]]
    prices = _get(raw, settings, "stg_billing__prices")
    subs = _get(raw, settings, "stg_billing__subscriptions")

    lines = lines.merge(invoices, on="invoice_id", how="left")
    lines = lines.merge(
        prices[
            [
                "price_id",
                "product_id",
                "price_type",
                "usage_type",
                "billing_period_months",
                "billing_interval",
                "unit_amount",
            ]
        ].rename(columns={"unit_amount": "price_unit_amount"}),
        on="price_id",
        how="inner",
    )
    lines = lines.merge(
        subs[
            [
                "subscription_id",
                "customer_id",
                "status",
                "trial_start_date",
                "trial_end_date",
                "ended_date",
            ]
        ].rename(columns={"status": "subscription_status"}),
        on="subscription_id",
        how="inner",
    )
    keep = (
        (lines["line_type"] == "subscription")
        & lines["subscription_item_id"].notna()
        & (lines["price_type"] == "recurring")
        & (lines["usage_type"].fillna("licensed").str.lower() != "metered")
        & (~lines["is_proration"].astype(bool) | (lines["amount"] > 0))
        & (lines["period_end_date"] > lines["period_start_date"])
        & (lines["status"].fillna("open").str.lower() != "void")
    )
    lines = lines[keep].copy()
    # A proration line's unit amount can be the prorated amount: the price states the plan.
    lines["unit_amount"] = np.where(
        lines["is_proration"].astype(bool),
        lines["price_unit_amount"].fillna(lines["unit_amount"]),
        lines["unit_amount"].fillna(lines["price_unit_amount"]),
    )
    lines["quantity"] = lines["quantity"].fillna(1).astype("float64")
    lines["_proration_order"] = lines["is_proration"].astype(int)
    lines = lines.sort_values(
        ["subscription_item_id", "period_start_date", "_proration_order", "invoice_line_item_id"]
    )
    next_start = lines.groupby("subscription_item_id")["period_start_date"].shift(-1)
    last_end_of_subscription = lines.groupby("subscription_id")["period_end_date"].transform("max")
    valid_to = lines["period_end_date"].where(
        next_start.isna(), np.minimum(lines["period_end_date"], next_start)
    )
    live = lines["ended_date"].isna() & ~lines["subscription_status"].isin(
        ["canceled", "incomplete_expired"]
    )
    still_billed = next_start.isna() & (lines["period_end_date"] >= last_end_of_subscription)
    valid_to = valid_to.where(~(live & still_billed), pd.NaT)
    ended = lines["ended_date"]
    capped = valid_to.where(ended.isna() | (valid_to.notna() & (valid_to <= ended)), ended)
    lines["valid_from"] = lines["period_start_date"]
    lines["valid_to"] = capped
    lines["is_trial"] = (
        lines["trial_end_date"].notna()
        & (
            lines["period_start_date"]
            >= lines["trial_start_date"].fillna(lines["period_start_date"])
        )
        & (lines["period_start_date"] < lines["trial_end_date"])
    )
    lines["monthly_amount"] = np.where(
        lines["is_trial"],
        0.0,
        lines["unit_amount"] * lines["quantity"] / lines["billing_period_months"],
    )
    lines = lines[lines["valid_to"].isna() | (lines["valid_to"] > lines["valid_from"])]
    return lines[
        [
            "subscription_id",
            "subscription_item_id",
            "customer_id",
            "price_id",
            "product_id",
            "currency",
            "billing_period_months",
            "billing_interval",
            "quantity",
            "unit_amount",
            "valid_from",
            "valid_to",
            "is_trial",
            "monthly_amount",
            "invoice_line_item_id",
        ]
    ].reset_index(drop=True)


def _month_ends(settings: Settings, first: pd.Timestamp | None = None) -> pd.DataFrame:
    """Month starts/ends from `first` (default: reporting start) to the as-of month."""
    start = (
        settings.reporting_start_month
        if first is None
        else min(first, settings.reporting_start_month)
    )
    months = pd.date_range(start, settings.as_of_month, freq="MS")
    return pd.DataFrame({"month_start": months, "month_end": months + pd.offsets.MonthEnd(0)})


def item_month_ends(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Item periods active on each month end (D1), with discounts applied (G3).

    Returns one row per subscription item and month: customer_id, subscription_id,
    subscription_item_id, product_id, currency, billing_interval, billing_period_months,
    month_start, month_end, item_mrr_native (after forever discounts, floored at 0).
    """
    periods = subscription_item_periods(raw, settings)
    first = periods["valid_from"].min() if len(periods) else None
    months = _month_ends(
        settings, month_start(pd.Series([first])).iloc[0] if first is not None else None
    )
    grid = periods.merge(months, how="cross")
    active = (grid["valid_from"] <= grid["month_end"]) & (
        grid["valid_to"].isna() | (grid["valid_to"] > grid["month_end"])
    )
    grid = grid[active].copy()
    # One state per item and month end (the later period start wins).
    grid = grid.sort_values(
        ["subscription_item_id", "month_start", "valid_from", "invoice_line_item_id"]
    )
    grid = grid.drop_duplicates(["subscription_item_id", "month_start"], keep="last")
    grid["item_mrr_native"] = grid["monthly_amount"].astype("float64")
    return apply_discounts(raw, settings, grid)


def apply_discounts(raw: RawTables, settings: Settings, items: pd.DataFrame) -> pd.DataFrame:
    """Reduce item MRR by the discounts whose coupon duration counts for MRR (G3).

    A discount applies to its subscription, or to every subscription of its customer when
    it has no subscription; it is active on a month end when start <= month_end and
    (end is NULL or end > month_end). Percent off scales the item; amount off (coupon
    currency = item currency) is spread over the subscription's items pro rata to their MRR,
    per billing period (/ billing_period_months). Floors at 0.
    """
    if not raw.has("billing", "discount") or not raw.has("billing", "coupon"):
        return items
    discounts = _get(raw, settings, "stg_billing__discounts").merge(
        _get(raw, settings, "stg_billing__coupons"), on="coupon_id", how="inner"
    )
    discounts = discounts[discounts["duration"].isin(settings.mrr_discount_durations)]
    if discounts.empty:
        return items
    items = items.copy()
    items["_row"] = np.arange(len(items))
    by_sub = discounts[discounts["subscription_id"].notna()].merge(
        items[["_row", "subscription_id", "month_end"]], on="subscription_id"
    )
    by_customer = (
        discounts[discounts["subscription_id"].isna()]
        .drop(columns=["subscription_id"])
        .merge(
            items[["_row", "customer_id", "month_end"]],
            on="customer_id",
            suffixes=("_discount", ""),
        )
    )
    applied = pd.concat([by_sub, by_customer], ignore_index=True)
    applied = applied[
        (applied["start_date"].isna() | (applied["start_date"] <= applied["month_end"]))
        & (applied["end_date"].isna() | (applied["end_date"] > applied["month_end"]))
    ]
    if applied.empty:
        return items.drop(columns="_row")
    percent = applied.groupby("_row")["percent_off"].apply(lambda p: 1 - (1 - p.fillna(0)).prod())
    items["_percent_off"] = items["_row"].map(percent).fillna(0.0)
    items["item_mrr_native"] = items["item_mrr_native"] * (1 - items["_percent_off"])
    amount = applied[applied["amount_off"].notna() & (applied["amount_off"] > 0)]
    if not amount.empty:
        amount = amount.merge(
            items[["_row", "subscription_id", "month_start", "billing_period_months"]], on="_row"
        )
        amount["monthly_off"] = amount["amount_off"] / amount["billing_period_months"]
        # spread over the subscription's items in that month, pro rata to their MRR
        sub_total = items.groupby(["subscription_id", "month_start"])["item_mrr_native"].transform(
            "sum"
        )
        share = safe_div(items["item_mrr_native"], sub_total).fillna(0.0)
        off = amount.groupby(["subscription_id", "month_start"])["monthly_off"].sum()
        key = pd.MultiIndex.from_frame(items[["subscription_id", "month_start"]])
        items["item_mrr_native"] = (
            items["item_mrr_native"] - share * off.reindex(key).fillna(0.0).to_numpy()
        )
    items["item_mrr_native"] = items["item_mrr_native"].clip(lower=0.0)
    return items.drop(columns=["_row", "_percent_off"])


# --- 6-7: customer months ---------------------------------------------------------------


def fx_rates(
    raw: RawTables, settings: Settings, first_month: pd.Timestamp | None = None
) -> pd.DataFrame:
    """month_start, currency, rate_to_reporting for every month and currency (G5).

    The reporting currency is 1 in every month. A month without a published rate carries
    the currency's latest earlier rate; months before the first published rate (billing
    history older than the finance feed) take the earliest one.
    """
    rates = _get(raw, settings, "stg_finance__fx_rates")
    start = min(
        rates["month_start"].min(),
        first_month or rates["month_start"].min(),
        settings.reporting_start_month,
    ) - pd.DateOffset(months=1)
    months = pd.date_range(start, settings.as_of_month, freq="MS")
    currencies = sorted(set(rates["currency"]) | {settings.reporting_currency})
    grid = pd.MultiIndex.from_product([currencies, months], names=["currency", "month_start"])
    filled = (
        rates.drop_duplicates(["currency", "month_start"])
        .set_index(["currency", "month_start"])["rate_to_reporting"]
        .reindex(grid)
        .groupby(level="currency")
        .transform(lambda series: series.ffill().bfill())
    )
    frame = filled.reset_index()
    frame.loc[frame["currency"] == settings.reporting_currency, "rate_to_reporting"] = 1.0
    return frame


def customer_attributes(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """customer_id, segment, acquisition_channel, is_paid_channel, country_code (G10, R17).

    The CRM account is the one named in the billing metadata (crm_account_id), else the
    account whose stripe_customer_id_c is the customer. Channel (first touch, R17): the
    channel of the account's earliest converted (de-duplicated) lead; else the channel of the
    account's earliest won new-business opportunity (by close date, created, id; its lead
    source through lookups/channel_mapping); else 'unknown'. is_paid_channel comes from the
    channel mapping. acquisition_campaign_id = that opportunity's campaign_id.
    """
    customers = _get(raw, settings, "stg_billing__customers")[["customer_id", "crm_account_id"]]
    accounts = _get(raw, settings, "stg_crm__accounts")
    by_billing = accounts.dropna(subset=["billing_customer_id"]).drop_duplicates(
        "billing_customer_id"
    )
    account_id = customers["crm_account_id"].where(
        customers["crm_account_id"].isin(accounts["account_id"]),
        customers["customer_id"].map(by_billing.set_index("billing_customer_id")["account_id"]),
    )
    frame = customers.assign(account_id=account_id).merge(
        accounts[["account_id", "segment", "country_code"]], on="account_id", how="left"
    )
    leads = _get(raw, settings, "stg_crm__leads")
    converted = leads[leads["converted_account_id"].notna()].sort_values(["created_at", "lead_id"])
    first_touch = converted.drop_duplicates("converted_account_id").set_index(
        "converted_account_id"
    )
    opps = _get(raw, settings, "stg_crm__opportunities")
    won_new = opps[
        (opps["opp_type"] == "new") & (opps["status"] == "won") & opps["account_id"].notna()
    ].sort_values(["close_date", "created_at", "opportunity_id"])
    first_won = won_new.drop_duplicates("account_id").set_index("account_id")
    lead_channel = frame["account_id"].map(first_touch["channel"])
    opp_channel = frame["account_id"].map(first_won["channel"])
    frame["acquisition_channel"] = lead_channel.fillna(opp_channel)
    frame["acquisition_channel_source"] = np.select(
        [frame["account_id"].isin(first_touch.index), frame["account_id"].isin(first_won.index)],
        ["converted_lead", "won_opportunity"],
        default="none",
    )
    frame["acquisition_opportunity_id"] = frame["account_id"].map(first_won["opportunity_id"])
    frame["acquisition_campaign_id"] = frame["account_id"].map(first_won["campaign_id"])
    for column in ("segment", "acquisition_channel", "country_code"):
        frame[column] = frame[column].fillna("unknown")
    mapping = raw.lookup("channel_mapping").drop_duplicates("channel").set_index("channel")
    is_paid = mapping["is_paid"].astype(str).str.lower().eq("true")
    frame["is_paid_channel"] = frame["acquisition_channel"].map(is_paid).fillna(False).astype(bool)
    return frame


def customer_mrr_months(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_customer_mrr_months: one row per customer × report month, first paid month-end on.

    The report-month rows of `customer_mrr_history` (the mart shows report months only).
    """
    history = customer_mrr_history(raw, settings)
    return report_months_of(history, settings)


def report_months_of(history: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The rows of a `customer_mrr_history` frame whose month is a report month."""
    frame = history[history["month_start"] >= settings.reporting_start_month].copy()
    frame["customer_mrr_month_id"] = surrogate_key(frame, ["customer_id", "month_start"])
    return frame.reset_index(drop=True)


def customer_mrr_history(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """One row per customer × month over the whole billing history (R3).

    Rows run from the customer's first month with MRR > 0 (possibly before the report
    calendar) to the as-of month, zero months included (TB02, NZ01). Money in the reporting
    currency at month M's FX rate (G5). Movement classes per M02 and D6 (var
    reactivation_window_months). Retention and trailing cohort churn read T0 from here.
    """
    items = item_month_ends(raw, settings)
    rates = fx_rates(raw, settings, items["month_start"].min() if len(items) else None)
    native = items.groupby(["customer_id", "currency", "month_start"], as_index=False)[
        "item_mrr_native"
    ].sum()
    paid = native[native["item_mrr_native"] > EPSILON]
    first_paid = paid.groupby("customer_id")["month_start"].min().rename("first_paid_month")
    currency = (
        native.sort_values("month_start")
        .groupby("customer_id")["currency"]
        .last()
        .rename("currency")
    )
    all_months = _month_ends(settings, first_paid.min() if len(first_paid) else None)
    spine = first_paid.reset_index().merge(all_months, how="cross")
    spine = spine[spine["month_start"] >= spine["first_paid_month"]]
    # native MRR this month and last month, per currency (a customer has one currency; the
    # per-currency sum keeps a currency switch exact).
    spine = spine.merge(currency.reset_index(), on="customer_id", how="left")
    this = native.rename(columns={"item_mrr_native": "mrr_native"})
    spine = spine.merge(this, on=["customer_id", "currency", "month_start"], how="left")
    spine["mrr_native"] = round_money(spine["mrr_native"].fillna(0.0))
    spine = spine.sort_values(["customer_id", "month_start"])
    spine["prev_mrr_native"] = spine.groupby("customer_id")["mrr_native"].shift(1).fillna(0.0)
    spine["prev_month_start"] = spine["month_start"] - pd.offsets.MonthBegin(1)
    rate = rates.set_index(["month_start", "currency"])["rate_to_reporting"]
    spine["rate"] = rate.reindex(
        pd.MultiIndex.from_frame(spine[["month_start", "currency"]])
    ).to_numpy()
    spine["prev_rate"] = rate.reindex(
        pd.MultiIndex.from_frame(spine[["prev_month_start", "currency"]])
    ).to_numpy()
    # money is DECIMAL(18, 4) at each step (G6): native, then each FX valuation, rounded
    # a currency without any FX rate: unknown (NaN), never 0; a native 0 is 0 at any rate
    spine["mrr"] = round_money(
        spine["mrr_native"] * spine["rate"].where(spine["mrr_native"] != 0, 0.0)
    )
    spine["prev_mrr"] = round_money(
        spine["prev_mrr_native"] * spine["rate"].where(spine["prev_mrr_native"] != 0, 0.0)
    )
    spine["prev_mrr_at_prev_fx"] = round_money(
        spine["prev_mrr_native"] * spine["prev_rate"].where(spine["prev_mrr_native"] != 0, 0.0)
    )
    spine["fx_impact"] = spine["prev_mrr"] - spine["prev_mrr_at_prev_fx"]
    # was the customer paying in any earlier month (before the previous one counts too)?
    is_paid = (spine["mrr_native"] > EPSILON).astype(int)
    spine["_paid_month"] = spine["month_start"].where(is_paid == 1)
    spine["last_paid_month_before"] = spine.groupby("customer_id")["_paid_month"].transform(
        lambda s: s.ffill().shift(1)
    )
    spine["was_active_before"] = spine["last_paid_month_before"].notna()
    mrr, prev = spine["mrr"].round(6), spine["prev_mrr"].round(6)
    window = settings.reactivation_window_months
    gap_months = (spine["month_start"].dt.year - spine["last_paid_month_before"].dt.year) * 12 + (
        spine["month_start"].dt.month - spine["last_paid_month_before"].dt.month
    )
    is_reactivation = spine["was_active_before"] & ((window == 0) | (gap_months <= window))
    conditions = [
        (prev <= 0) & (mrr > 0) & ~is_reactivation,
        (prev <= 0) & (mrr > 0) & is_reactivation,
        (prev > 0) & (mrr > prev),
        (prev > 0) & (mrr > 0) & (mrr < prev),
        (prev > 0) & (mrr <= 0),
    ]
    classes = ["new", "reactivation", "expansion", "contraction", "churn"]
    spine["movement"] = np.select(conditions, classes, default="none")
    spine["new_mrr"] = np.where(spine["movement"] == "new", spine["mrr"], 0.0)
    spine["reactivation_mrr"] = np.where(spine["movement"] == "reactivation", spine["mrr"], 0.0)
    spine["expansion_mrr"] = np.where(
        spine["movement"] == "expansion", spine["mrr"] - spine["prev_mrr"], 0.0
    )
    spine["contraction_mrr"] = np.where(
        spine["movement"] == "contraction", spine["prev_mrr"] - spine["mrr"], 0.0
    )
    spine["churned_mrr"] = np.where(spine["movement"] == "churn", spine["prev_mrr"], 0.0)
    # an unknown MRR (no FX rate) this or last month: the movement is unknown too
    unknown = spine["mrr"].isna() | spine["prev_mrr"].isna()
    if unknown.any():
        movement_columns = ["new_mrr", "reactivation_mrr", "expansion_mrr", "contraction_mrr",
                            "churned_mrr"]
        spine.loc[unknown, movement_columns] = np.nan
        spine["movement"] = spine["movement"].astype(object).where(~unknown, None)
    spine["is_active"] = spine["mrr_native"] > EPSILON
    spine["was_active_prev_month"] = spine["prev_mrr_native"] > EPSILON
    # plan and billing interval: the customer's largest item at the month end; on a churn
    # row (zero month right after a paid one) the previous month's; 'unknown' otherwise.
    plans = items.merge(
        _get(raw, settings, "stg_billing__products")[["product_id", "product_name"]],
        on="product_id",
        how="left",
    )
    plans["interval_label"] = (
        plans["billing_period_months"].round(6).map(INTERVAL_LABELS).fillna("other")
    )
    plans["product_name"] = plans["product_name"].fillna(plans["product_id"])
    plans = plans.sort_values(
        ["customer_id", "month_start", "item_mrr_native", "subscription_item_id"],
        ascending=[True, True, False, True],
    )
    top = plans.drop_duplicates(["customer_id", "month_start"], keep="first").set_index(
        ["customer_id", "month_start"]
    )
    key = pd.MultiIndex.from_frame(spine[["customer_id", "month_start"]])
    spine["plan_name"] = top["product_name"].reindex(key).to_numpy()
    spine["billing_interval"] = top["interval_label"].reindex(key).to_numpy()
    currency_now = this.drop_duplicates(["customer_id", "month_start"]).set_index(
        ["customer_id", "month_start"]
    )["currency"]
    spine["currency_now"] = currency_now.reindex(key).to_numpy()
    for column in ("plan_name", "billing_interval", "currency_now"):
        previous = spine.groupby("customer_id")[column].shift(1)
        spine[column] = spine[column].where(spine[column].notna(), previous)
    spine["currency"] = spine.pop("currency_now")
    attributes = customer_attributes(raw, settings)
    spine = spine.merge(
        attributes[["customer_id", "segment", "acquisition_channel", "country_code"]],
        on="customer_id",
        how="left",
    )
    for column in (
        "segment",
        "acquisition_channel",
        "country_code",
        "plan_name",
        "billing_interval",
    ):
        spine[column] = spine[column].fillna("unknown")
    spine["acquisition_cohort_month"] = spine["first_paid_month"]
    spine["country"] = spine["country_code"]  # the mart's name (architecture.md)
    # money is decimal(18, 4) in the mart (G6): aggregates add the rounded customer values
    for column in MONEY_COLUMNS:
        spine[column] = round_money(spine[column])
    first_native = spine[spine["month_start"] == spine["first_paid_month"]].set_index("customer_id")
    spine["first_paid_mrr_native"] = spine["customer_id"].map(first_native["mrr_native"])
    return spine.drop(columns=["_paid_month", "prev_month_start"]).reset_index(drop=True)

