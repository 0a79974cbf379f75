"""Marketing spend, new logos and CAC (M08), shared by both domains.

SalesOps reports them (fct_cac_monthly, the KPI wide table); RevOps needs the spend for the
marketing ROI and the blended CAC for LTV:CAC. With the month, FX and key helpers they use.
Moved unchanged from `salesops.py` so that neither domain module imports the other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import RawTables, Settings, clean
from . import salesops_metrics as sm
from .helpers import safe_div, surrogate_key
from .mrr import customer_mrr_months

MONTH_GRAIN = ("month_start", "dimension", "dimension_value")


def _month(dates: pd.Series) -> pd.Series:
    return sm.month_period(dates)


def _fx_lookup(raw: RawTables, settings: Settings) -> pd.Series:
    """(month_start, currency) -> rate_to_reporting (reporting currency = 1, G5)."""
    rates = clean.get(raw, settings, "stg_finance__fx_rates")
    return rates.set_index(["month_start", "currency"])["rate_to_reporting"]


def fx_rate(
    raw: RawTables, settings: Settings, months: pd.Series, currencies: pd.Series
) -> pd.Series:
    """The month's rate to the reporting currency; 1 for the reporting currency, NaN if
    the FX table has no rate (the amount then stays NULL rather than being guessed)."""
    lookup = _fx_lookup(raw, settings)
    keys = pd.MultiIndex.from_arrays([pd.to_datetime(months), currencies.astype(object)])
    rates = pd.Series(lookup.reindex(keys).to_numpy(), index=months.index, dtype="float64")
    return rates.where(currencies != settings.reporting_currency, 1.0)


# --- monthly marts ----------------------------------------------------------------------------


def _with_key(frame: pd.DataFrame, key_name: str, columns: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    frame.insert(0, key_name, surrogate_key(frame, columns))
    return frame


def marketing_spend_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Channel-attributed marketing spend per month in the reporting currency (M09 default:
    program spend): ad-platform daily spend plus finance `marketing`/`programs` costs that
    name a channel, each converted at the month's FX rate (G5). Columns: month_start,
    channel, is_paid, spend_amount."""
    ads = clean.get(raw, settings, "int_ad_spend_daily")
    ads = pd.DataFrame(
        {
            "month_start": _month(ads["spend_date"]),
            "channel": ads["channel"].fillna("unknown"),
            "currency": ads["currency"],
            "amount": ads["spend_amount"],
        }
    )
    costs = clean.get(raw, settings, "stg_finance__sales_marketing_costs")
    programs = costs[
        (costs["department"] == "marketing")
        & (costs["cost_type"] == "programs")
        & costs["channel"].notna()
    ][["month_start", "channel", "currency", "amount"]]
    spend = pd.concat([ads, programs], ignore_index=True)
    spend["spend_amount"] = spend["amount"] * fx_rate(
        raw, settings, spend["month_start"], spend["currency"]
    )
    mapping = raw.lookup("channel_mapping")[["channel", "is_paid"]].drop_duplicates("channel")
    is_paid = dict(zip(mapping["channel"], mapping["is_paid"].str.lower() == "true", strict=True))
    out = spend.groupby(["month_start", "channel"], as_index=False)["spend_amount"].sum(
        min_count=1
    )
    out["is_paid"] = out["channel"].map(is_paid).fillna(False).astype(bool)
    return out


def new_logos_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """New logos per month (M08, D6): customers whose MRR movement is `new` in the month
    (the RevOps oracle's MRR engine on raw billing data; reactivations excluded), with
    acquisition_channel, is_paid_channel (a property of the channel: lookups/channel_mapping)
    and new_mrr in the reporting currency."""

    months = customer_mrr_months(raw, settings)
    logos = months[months["movement"] == "new"][
        ["customer_id", "month_start", "acquisition_channel", "new_mrr"]
    ].copy()
    mapping = raw.lookup("channel_mapping").drop_duplicates("channel")
    paid = dict(zip(mapping["channel"], mapping["is_paid"].str.lower() == "true", strict=True))
    logos["acquisition_channel"] = logos["acquisition_channel"].fillna("unknown")
    logos["is_paid_channel"] = logos["acquisition_channel"].map(paid).fillna(False).astype(bool)
    return logos


def cac_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_cac_monthly (M08 / D15, WE5): total row per report month, one row per channel.

    Total: new_logos, paid_new_logos, new_mrr, marketing_spend (channel program spend),
    paid_marketing_spend, marketing_cost (spend + finance marketing payroll, tools and
    programs without a channel), sales_cost, sales_marketing_cost, gross_margin_pct,
    blended_cac (fully loaded), paid_cac, marketing_only_cac, new_customer_cac_ratio,
    cac_payback_months. Channel rows: is_paid_channel, new logos, new MRR, spend,
    channel_cac (paid channels only). Money in the reporting currency at the month's FX.
    Unknown is not zero: a cost source without any row up to the as-of date
    (has_spend_data, has_finance_cost_data) leaves its columns NULL; totals add the
    sources that exist and are NULL (so every CAC is NULL) when neither does.
    """
    logos = new_logos_monthly(raw, settings)
    spend = marketing_spend_monthly(raw, settings).rename(columns={"spend_amount": "amount"})
    costs = clean.get(raw, settings, "stg_finance__sales_marketing_costs")
    has_spend = bool((spend["month_start"] <= settings.as_of_date).any())
    has_finance = bool((costs["month_start"] <= settings.as_of_date).any())
    costs["amount"] = costs["amount"] * fx_rate(
        raw, settings, costs["month_start"], costs["currency"]
    )
    is_channel_program = (costs["cost_type"] == "programs") & costs["channel"].notna()
    overhead = costs[(costs["department"] == "marketing") & ~is_channel_program]
    sales = costs[costs["department"] == "sales"][["month_start", "amount"]]
    margin = clean.get(raw, settings, "stg_finance__gross_margin")
    base = sm.cac_metrics(logos, spend, sales, margin)
    base = base.rename(columns={"period_start": "month_start"})
    total = base[base["dimension"] == "total"].set_index("month_start")
    total = total.reindex(settings.months).rename_axis("month_start").reset_index()
    total["dimension"], total["dimension_value"] = "total", "all"
    overhead_by_month = overhead.groupby("month_start")["amount"].sum()
    total["marketing_overhead"] = total["month_start"].map(overhead_by_month).fillna(0.0)
    for column in ("new_logos", "paid_new_logos"):
        total[column] = total[column].fillna(0).astype(int)
    for column in ("new_mrr", "marketing_spend", "paid_marketing_spend", "sales_cost"):
        total[column] = total[column].fillna(0.0)
    total["gross_margin_pct"] = total["month_start"].map(
        margin.groupby("month_start")["gross_margin_pct"].mean()
    )
    total["marketing_cost"] = total["marketing_spend"] + total["marketing_overhead"]
    total["sales_marketing_cost"] = total["marketing_cost"] + total["sales_cost"]
    if not has_spend:
        total[["marketing_spend", "paid_marketing_spend"]] = np.nan
    if not has_finance:
        total["sales_cost"] = np.nan
    if not (has_spend or has_finance):
        total[["marketing_cost", "sales_marketing_cost"]] = np.nan
    total["blended_cac"] = safe_div(total["sales_marketing_cost"], total["new_logos"])
    total["paid_cac"] = safe_div(total["paid_marketing_spend"], total["paid_new_logos"])
    total["marketing_only_cac"] = safe_div(total["marketing_cost"], total["new_logos"])
    total["new_customer_cac_ratio"] = safe_div(total["sales_marketing_cost"], 12 * total["new_mrr"])
    total["cac_payback_months"] = safe_div(
        total["sales_marketing_cost"], total["new_mrr"] * total["gross_margin_pct"]
    )
    total["is_paid_channel"] = None
    total["channel_cac"] = np.nan
    total = total.drop(columns=["marketing_overhead"])

    channel = base[base["dimension"] == "channel"].copy()
    channel = channel[channel["month_start"].isin(settings.months)]
    mapping = raw.lookup("channel_mapping").drop_duplicates("channel")
    paid = dict(zip(mapping["channel"], mapping["is_paid"].str.lower() == "true", strict=True))
    channel["is_paid_channel"] = channel["dimension_value"].map(paid).fillna(False).astype(bool)
    is_paid = channel["is_paid_channel"]
    channel["paid_new_logos"] = channel["new_logos"].where(is_paid, 0).astype(int)
    channel["paid_marketing_spend"] = channel["marketing_spend"].where(is_paid, 0.0)
    if not has_spend:
        channel[["marketing_spend", "paid_marketing_spend", "channel_cac"]] = np.nan
    channel["marketing_cost"] = channel["marketing_spend"]
    channel["channel_cac"] = channel["channel_cac"].where(is_paid)
    for column in ("sales_cost", "sales_marketing_cost", "gross_margin_pct", "blended_cac",
                   "paid_cac", "marketing_only_cac", "new_customer_cac_ratio",
                   "cac_payback_months"):
        channel[column] = np.nan
    columns = [
        "month_start", "dimension", "dimension_value", "is_paid_channel", "new_logos",
        "paid_new_logos", "new_mrr", "marketing_spend", "paid_marketing_spend",
        "marketing_cost", "sales_cost", "sales_marketing_cost", "gross_margin_pct",
        "blended_cac", "paid_cac", "channel_cac", "marketing_only_cac",
        "new_customer_cac_ratio", "cac_payback_months",
    ]
    out = pd.concat([total[columns], channel[columns]], ignore_index=True)
    out["has_spend_data"] = has_spend
    out["has_finance_cost_data"] = has_finance
    return _with_key(out, "cac_monthly_id", list(MONTH_GRAIN))

