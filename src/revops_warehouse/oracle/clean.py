"""The staging rules, re-implemented in pandas from docs/architecture.md and the spec.

One function per staging model, named like it (`stg_crm__leads`), returning the columns of
the "Staging interfaces" table of docs/architecture.md (plus a few helper columns). The
project's SQL is never run or imported; lookup seeds are read as data.

Rules (architecture.md; metrics-spec G3, G6, G7, G12; cases CU03, TZ01, DD02):
- soft-deleted rows (`is_deleted`, `_fivetran_deleted`) and test rows (`livemode = false`)
  are dropped;
- leads are de-duplicated on `lower(trim(email))`, the earliest `created_date` kept (G12);
- billing money is in the currency's minor unit: divided by 10**exponent (CU03);
- timestamps (ISO-8601, with or without offset): `<x>_at` = naive UTC, `<x>_date` = date in
  the company time zone (G7);
- enums through the lookup seeds, matched on `lower(trim(value))`, blank -> '(blank)'.

Every function takes `(raw: RawTables, settings: Settings)` and returns a new DataFrame;
use `get(raw, settings, name)` for a memoised copy.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .raw import (
    RawTables,
    minor_to_major,
    month_start,
    to_bool,
    to_company_date,
    to_date,
    to_float,
    to_int,
    to_utc,
)
from .settings import Settings


def get(raw: RawTables, settings: Settings, name: str) -> pd.DataFrame:
    """The cleaned table `name` (a staging model name), memoised in `raw.cache`.

    Raises:
        AttributeError: no cleaning function of that name.
    """
    key = ("clean", name, settings.company_time_zone, settings.reporting_currency)
    if key not in raw.cache:
        raw.cache[key] = getattr(sys.modules[__name__], name)(raw, settings)
    return raw.cache[key].copy()


# --- small shared rules -------------------------------------------------------------


def lookup_key(values: pd.Series) -> pd.Series:
    """`lower(trim(x))`, with NULL or blank -> '(blank)' (the lookup seeds' key)."""
    text = values.astype("string").str.strip().str.lower()
    return text.where(text.notna() & (text != ""), "(blank)").astype(object)


def _map(values: pd.Series, table: pd.DataFrame, key: str, value: str) -> pd.Series:
    """Map raw values through a lookup seed on its key column (unmapped -> NaN)."""
    mapping = dict(zip(table[key], table[value], strict=True))
    return lookup_key(values).map(mapping)


def map_segment(raw: RawTables, values: pd.Series) -> pd.Series:
    """Raw segment text -> smb / mid_market / enterprise / unknown (lookups/segment_mapping)."""
    return _map(values, raw.lookup("segment_mapping"), "raw_segment_key", "segment")


def map_channel(raw: RawTables, values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Raw lead source / platform -> (channel, is_paid) via lookups/channel_mapping."""
    table = raw.lookup("channel_mapping")
    channel = _map(values, table, "raw_source_key", "channel")
    is_paid = _map(values, table, "raw_source_key", "is_paid")
    return channel, to_bool(is_paid)


def _not_deleted(frame: pd.DataFrame, column: str = "is_deleted") -> pd.DataFrame:
    """Drop soft-deleted rows (missing flag = not deleted)."""
    if column not in frame:
        return frame
    return frame[~to_bool(frame[column], default=False).astype(bool)]


def _live(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop Stripe test-mode rows (`livemode = false`; missing = live)."""
    if "livemode" not in frame:
        return frame
    return frame[to_bool(frame["livemode"], default=True).astype(bool)]


def _naive_utc(values: pd.Series) -> pd.Series:
    """Timestamp text -> naive UTC timestamp (the `<x>_at` convention)."""
    return to_utc(values).dt.tz_localize(None)


def _cdate(values: pd.Series, settings: Settings) -> pd.Series:
    """Timestamp text -> company-time-zone date (the `<x>_date` convention, G7).

    A bare date ('2024-01-31', 10 characters) is taken as written; a timestamp (with or
    without offset; none = UTC) is converted to the company time zone, then truncated.
    """
    text = values.astype("string").str.strip()
    bare = text.str.len() == 10
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if bare.any():
        result[bare.fillna(False)] = to_date(text[bare.fillna(False)]).astype("datetime64[ns]")
    stamped = text.notna() & ~bare.fillna(False)
    if stamped.any():
        result[stamped] = to_company_date(text[stamped], settings.company_time_zone).astype(
            "datetime64[ns]"
        )
    return result


def _norm_email(values: pd.Series) -> pd.Series:
    """`lower(trim(email))` (G12); blank -> NaN."""
    text = values.astype("string").str.strip().str.lower()
    return text.where(text != "").astype(object)


# --- crm ----------------------------------------------------------------------------


def stg_crm__users(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """CRM users minus `_fivetran_deleted`; team = department, segment = division (mapped)."""
    users = _not_deleted(raw.table("crm", "user"), "_fivetran_deleted")
    managers = set(users["manager_id"].dropna())
    return pd.DataFrame(
        {
            "user_id": users["id"],
            "user_name": users["name"],
            "email": _norm_email(users["email"]),
            "title": users["title"],
            "team_name": users["department"],
            "segment": map_segment(raw, users["division"]),
            "manager_user_id": users["manager_id"],
            "is_active": to_bool(users["is_active"]),
            "start_date": to_date(users["start_date_c"]),
            "is_manager": users["id"].isin(managers),
        }
    ).reset_index(drop=True)


def stg_crm__accounts(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """CRM accounts minus soft deletes; segment mapped; acquisition channel from account_source."""
    accounts = _not_deleted(raw.table("crm", "account"))
    channel, is_paid = map_channel(raw, accounts["account_source"])
    return pd.DataFrame(
        {
            "account_id": accounts["id"],
            "account_name": accounts["name"],
            "industry": accounts["industry"],
            "country_code": accounts["billing_country_code"],
            "employee_count": to_int(accounts["number_of_employees"]),
            "segment": map_segment(raw, accounts["segment_c"]),
            "owner_user_id": accounts["owner_id"],
            "created_at": _naive_utc(accounts["created_date"]),
            "billing_customer_id": accounts["stripe_customer_id_c"],
            "account_source": accounts["account_source"],
            "channel": channel,
            "is_paid_channel": is_paid,
        }
    ).reset_index(drop=True)


def stg_crm__leads_all(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Every live lead, typed, with `is_duplicate` and `kept_lead_id` (G12).

    Live = not soft-deleted and not a test record (e-mail ending '@test.com' or company
    'TEST'). Duplicates: same `lower(trim(email))`; the earliest created (ties: lowest id) is kept.
    """
    leads = _not_deleted(raw.table("crm", "lead"))
    email = leads["email"].astype("string").str.strip().str.lower()
    company = leads["company"].astype("string").str.strip().str.upper()
    is_test = email.str.endswith("@test.com").fillna(False) | (company == "TEST").fillna(False)
    leads = leads[~is_test.astype(bool)]
    channel, is_paid = map_channel(raw, leads["lead_source"])
    frame = pd.DataFrame(
        {
            "lead_id": leads["id"],
            "email": _norm_email(leads["email"]),
            "company": leads["company"],
            "title": leads["title"],
            "lead_source": leads["lead_source"],
            "channel": channel,
            "is_paid_channel": is_paid,
            "status": leads["status"],
            "owner_user_id": leads["owner_id"],
            "created_at": _naive_utc(leads["created_date"]),
            "created_date": _cdate(leads["created_date"], settings),
            "is_converted": to_bool(leads["is_converted"]),
            "converted_date": _cdate(leads["converted_date"], settings),
            "converted_account_id": leads["converted_account_id"],
            "converted_opportunity_id": leads["converted_opportunity_id"],
            "sales_qualified_at": _naive_utc(leads["sales_qualified_date_c"]),
            "sales_qualified_date": _cdate(leads["sales_qualified_date_c"], settings),
        }
    )
    ordered = frame.sort_values(["created_at", "lead_id"], kind="stable")
    first = ordered.dropna(subset=["email"]).groupby("email", sort=False)["lead_id"].first()
    frame["kept_lead_id"] = frame["email"].map(first).fillna(frame["lead_id"])
    frame["is_duplicate"] = frame["kept_lead_id"] != frame["lead_id"]
    return frame.reset_index(drop=True)


def stg_crm__leads(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """One row per de-duplicated lead (G12): earliest `created_date` per normalised e-mail."""
    leads = get(raw, settings, "stg_crm__leads_all")
    return leads[~leads["is_duplicate"]].drop(columns=["is_duplicate", "kept_lead_id"])


def stg_crm__opportunities(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Opportunities minus soft deletes; type and stage via lookups; status open/won/lost.

    `close_date` is NULL unless the stage is closed (`expected_close_date` keeps the CRM date).
    Probability is a ratio 0-1 (raw 0-100 / 100). Dropped: soft deletes, test records (name
    'TEST') and duplicate records closed as lost with loss reason 'Duplicate' (DD02).
    """
    opps = _not_deleted(raw.table("crm", "opportunity"))
    loss_reason = (
        opps["loss_reason_c"].astype("string").str.strip().str.lower().str.replace(" ", "_")
    )
    loss_reason = loss_reason.where(loss_reason != "")
    is_test = (opps["name"].astype("string").str.strip().str.upper() == "TEST").fillna(False)
    keep = ~is_test.astype(bool) & (loss_reason.fillna("") != "duplicate")
    opps = opps[keep]
    loss_reason = loss_reason[keep].astype(object)
    stages = raw.lookup("stage_mapping")
    stage_key = lookup_key(opps["stage_name"])
    stage = stages.set_index("raw_stage_key")
    is_closed = to_bool(stage_key.map(stage["is_closed"]))
    is_won = to_bool(stage_key.map(stage["is_won"]))
    status = np.where(
        is_won.fillna(False), "won", np.where(is_closed.fillna(False), "lost", "open")
    )
    channel, is_paid = map_channel(raw, opps["lead_source"])
    probability = to_float(opps["probability"]) / 100
    forecast = opps["forecast_category_name"].astype("string").str.strip().str.lower()
    forecast = forecast.str.replace(" ", "_").where(forecast != "").astype(object)
    crm_close = _cdate(opps["close_date"], settings)
    return pd.DataFrame(
        {
            "opportunity_id": opps["id"],
            "account_id": opps["account_id"],
            "owner_user_id": opps["owner_id"],
            "opportunity_name": opps["name"],
            "opp_type": _map(
                opps["type"], raw.lookup("opportunity_type_mapping"), "raw_type_key", "opp_type"
            ),
            "stage_name": stage_key.map(stage["stage_name"]),
            "stage_order": to_int(stage_key.map(stage["stage_order"])),
            "status": status,
            "is_closed": is_closed,
            "is_won": is_won,
            "amount": to_float(opps["amount"]),
            "currency": opps["currency_iso_code"].str.upper(),
            "probability": probability,
            "created_at": _naive_utc(opps["created_date"]),
            "created_date": _cdate(opps["created_date"], settings),
            "close_date": crm_close.where(is_closed.fillna(False).astype(bool)),
            "expected_close_date": crm_close,
            "loss_reason": loss_reason,
            "lead_source": opps["lead_source"],
            "channel": channel,
            "is_paid_channel": is_paid,
            "campaign_id": opps["campaign_id"],
            "forecast_category": forecast,
            "renewal_due_date": _cdate(opps["renewal_due_date_c"], settings),
            "prior_arr": to_float(opps["prior_arr_c"]),
        }
    ).reset_index(drop=True)


def stg_crm__opportunity_stage_history(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Opportunity versions (Fivetran history mode) minus deleted ones; stage mapped."""
    history = _not_deleted(raw.table("crm", "opportunity_history"))
    stage = raw.lookup("stage_mapping").set_index("raw_stage_key")
    stage_key = lookup_key(history["stage_name"])
    valid_to = _naive_utc(history["_fivetran_end"])
    active = to_bool(history["_fivetran_active"], default=False).astype(bool)
    probability = to_float(history["probability"]) / 100
    return pd.DataFrame(
        {
            "opportunity_id": history["id"],
            "valid_from_at": _naive_utc(history["_fivetran_start"]),
            "valid_from_date": to_company_date(
                history["_fivetran_start"], settings.company_time_zone
            ),
            "valid_to_at": valid_to.where(~active),
            "stage_name": stage_key.map(stage["stage_name"]),
            "is_closed": stage_key.map(to_bool(stage["is_closed"])),
            "is_won": stage_key.map(to_bool(stage["is_won"])),
            "stage_order": to_int(stage_key.map(stage["stage_order"])),
            "amount": to_float(history["amount"]),
            "probability": probability,
            "close_date": to_date(history["close_date"]),
        }
    ).reset_index(drop=True)


def stg_crm__campaigns(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Campaigns minus soft deletes; channel from the ad platform, else the campaign type."""
    campaigns = _not_deleted(raw.table("crm", "campaign"))
    source = campaigns["ad_platform_c"].fillna(campaigns["type"])
    channel, is_paid = map_channel(raw, source)
    return pd.DataFrame(
        {
            "campaign_id": campaigns["id"],
            "campaign_name": campaigns["name"],
            "campaign_type": campaigns["type"],
            "channel": channel,
            "is_paid_channel": is_paid,
            "status": campaigns["status"],
            "start_date": to_date(campaigns["start_date"]),
            "end_date": to_date(campaigns["end_date"]),
            "budgeted_cost": to_float(campaigns["budgeted_cost"]),
            "actual_cost": to_float(campaigns["actual_cost"]),
            "ad_platform": campaigns["ad_platform_c"],
            "ad_campaign_id": campaigns["ad_campaign_id_c"],
        }
    ).reset_index(drop=True)


def stg_crm__campaign_members(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Campaign memberships minus soft deletes."""
    members = _not_deleted(raw.table("crm", "campaign_member"))
    return pd.DataFrame(
        {
            "campaign_member_id": members["id"],
            "campaign_id": members["campaign_id"],
            "lead_id": members["lead_id"],
            "status": members["status"],
            "has_responded": to_bool(members["has_responded"]),
            "first_responded_date": to_date(members["first_responded_date"]),
            "created_at": _naive_utc(members["created_date"]),
        }
    ).reset_index(drop=True)


def stg_crm__tasks(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Sales activities on leads minus soft deletes."""
    tasks = _not_deleted(raw.table("crm", "task"))
    return pd.DataFrame(
        {
            "task_id": tasks["id"],
            "lead_id": tasks["who_id"],
            "owner_user_id": tasks["owner_id"],
            "subject": tasks["subject"],
            "task_type": tasks["type"],
            "created_at": _naive_utc(tasks["created_date"]),
            "activity_date": to_date(tasks["activity_date"]),
        }
    ).reset_index(drop=True)


# --- marketing ----------------------------------------------------------------------


def stg_marketing__lead_events(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Marketing-automation events; e-mail normalised (G12), company-time-zone date (G7)."""
    events = raw.table("marketing", "lead_event")
    return pd.DataFrame(
        {
            "lead_event_id": events["id"],
            "lead_id": events["lead_id"],
            "email": _norm_email(events["email"]),
            "event_type": events["event_type"].str.strip().str.lower(),
            "occurred_at": _naive_utc(events["occurred_at"]),
            "occurred_date": _cdate(events["occurred_at"], settings),
            "score_delta": to_float(events["score_delta"]),
            "score_after": to_float(events["score_after"]),
            "asset_name": events["asset_name"],
        }
    ).reset_index(drop=True)


def _latest_names(history: pd.DataFrame, id_col: str, time_col: str, name_col: str) -> pd.Series:
    """Campaign id -> name of its latest version."""
    ordered = history.assign(_t=to_utc(history[time_col])).sort_values([id_col, "_t"])
    return ordered.groupby(id_col)[name_col].last()


@dataclass(frozen=True)
class _AdPlatform:
    """Where one ad platform's connector tables keep the day-grain spend columns."""

    platform: str
    stats_table: str
    history_table: str
    history_time: str
    date: str
    campaign_id: str
    spend: str
    clicks: str
    # the stats table's currency column; None: the campaign history's latest currency_code
    currency: str | None
    spend_divisor: float = 1.0


_AD_PLATFORMS = (
    _AdPlatform("google_ads", "google_ads_campaign_stats", "google_ads_campaign_history",
                "updated_at", "date", "id", "cost_micros", "clicks", None, 1e6),
    _AdPlatform("facebook_ads", "facebook_ads_basic_campaign", "facebook_ads_campaign_history",
                "updated_time", "date", "campaign_id", "spend", "inline_link_clicks",
                "account_currency"),
    _AdPlatform("linkedin_ads", "linkedin_ads_analytics_by_campaign",
                "linkedin_ads_campaign_history", "last_modified_time", "day", "campaign_id",
                "cost_in_local_currency", "clicks", "currency"),
    _AdPlatform("microsoft_ads", "microsoft_ads_campaign_performance_daily_report",
                "microsoft_ads_campaign_history", "modified_time", "date", "campaign_id",
                "spend", "clicks", "currency_code"),
)


def _ad_platform_spend(raw: RawTables, spec: _AdPlatform) -> pd.DataFrame:
    """One platform's connector stats at day grain, campaign name from its latest version."""
    stats = raw.table("marketing", spec.stats_table)
    history = raw.table("marketing", spec.history_table)
    campaign_id = stats[spec.campaign_id]
    if spec.currency is None:
        currency = campaign_id.map(
            _latest_names(history, "id", spec.history_time, "currency_code"))
    else:
        currency = stats[spec.currency]
    spend_amount = to_float(stats[spec.spend])
    if spec.spend_divisor != 1.0:
        spend_amount = spend_amount / spec.spend_divisor
    return pd.DataFrame(
        {
            "spend_date": to_date(stats[spec.date]),
            "platform": spec.platform,
            "ad_campaign_id": campaign_id,
            "ad_campaign_name": campaign_id.map(
                _latest_names(history, "id", spec.history_time, "name")),
            "spend_amount": spend_amount,
            "currency": currency,
            "clicks": to_int(stats[spec.clicks]),
            "impressions": to_int(stats["impressions"]),
        }
    )


def int_ad_spend_daily(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Union of the four ad platforms at day grain, native currency (architecture.md).

    Google cost is in micros (/1e6); LinkedIn uses `cost_in_local_currency` with `currency`.
    Channel from lookups/channel_mapping on the platform name.
    """
    parts = [
        _ad_platform_spend(raw, spec)
        for spec in _AD_PLATFORMS
        if raw.has("marketing", spec.stats_table)
    ]
    spend = pd.concat(parts, ignore_index=True)
    spend["currency"] = spend["currency"].astype("string").str.upper().astype(object)
    spend["channel"], spend["is_paid"] = map_channel(raw, spend["platform"])
    # issue 12: the four connector tables carry no platform-reported conversions (unknown)
    for column in ("platform_conversions", "platform_conversion_value"):
        if column not in spend:
            spend[column] = np.nan
    return spend


# --- billing ------------------------------------------------------------------------


def stg_billing__customers(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Live, not-deleted billing customers; `crm_account_id` from the metadata JSON."""
    customers = _live(_not_deleted(raw.table("billing", "customer")))

    def account_id(text) -> object:
        if not isinstance(text, str) or not text.strip():
            return None
        return json.loads(text).get("crm_account_id")

    return pd.DataFrame(
        {
            "customer_id": customers["id"],
            "email": _norm_email(customers["email"]),
            "customer_name": customers["name"],
            "created_at": _naive_utc(customers["created"]),
            "currency": customers["currency"].str.upper(),
            "crm_account_id": customers["metadata"].map(account_id),
        }
    ).reset_index(drop=True)


def stg_billing__products(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Products minus soft deletes."""
    products = _not_deleted(raw.table("billing", "product"))
    return pd.DataFrame(
        {
            "product_id": products["id"],
            "product_name": products["name"],
            "is_active": to_bool(products["active"]),
            "product_type": products["type"],
        }
    ).reset_index(drop=True)


def stg_billing__prices(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Prices in major units; billing_period_months = count × lookups/billing_interval_months."""
    prices = _not_deleted(raw.table("billing", "price"))
    intervals = raw.lookup("billing_interval_months").set_index("billing_interval")
    interval = prices["recurring_interval"].str.strip().str.lower()
    months = to_float(interval.map(intervals["months_numerator"])) / to_float(
        interval.map(intervals["months_denominator"])
    )
    count = to_float(prices["recurring_interval_count"]).fillna(1)
    currency = prices["currency"].str.upper()
    return pd.DataFrame(
        {
            "price_id": prices["id"],
            "product_id": prices["product_id"],
            "price_nickname": prices["nickname"],
            "currency": currency,
            "unit_amount": minor_to_major(prices["unit_amount"], currency, raw),
            "price_type": prices["type"].str.strip().str.lower(),
            "billing_interval": interval,
            "billing_interval_count": to_int(prices["recurring_interval_count"]),
            "billing_period_months": months * count,
            "usage_type": prices["recurring_usage_type"],
            "is_active": to_bool(prices["active"]),
        }
    ).reset_index(drop=True)


def stg_billing__subscriptions(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Live subscriptions; dates in the company time zone (G7)."""
    subs = _live(raw.table("billing", "subscription"))
    subs = subs[
        subs["customer_id"].isin(get(raw, settings, "stg_billing__customers")["customer_id"])
    ]
    return pd.DataFrame(
        {
            "subscription_id": subs["id"],
            "customer_id": subs["customer_id"],
            "status": subs["status"],
            "created_at": _naive_utc(subs["created"]),
            "start_date": _cdate(subs["start_date"], settings),
            "trial_start_date": _cdate(subs["trial_start"], settings),
            "trial_end_date": _cdate(subs["trial_end"], settings),
            "cancel_at_period_end": to_bool(subs["cancel_at_period_end"]),
            "canceled_at": _naive_utc(subs["canceled_at"]),
            "ended_at": _naive_utc(subs["ended_at"]),
            "ended_date": _cdate(subs["ended_at"], settings),
            "current_period_start_date": _cdate(subs["current_period_start"], settings),
            "current_period_end_date": _cdate(subs["current_period_end"], settings),
        }
    ).reset_index(drop=True)


def stg_billing__subscription_items(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Subscription items (current state only; SH01: never use for history)."""
    items = raw.table("billing", "subscription_item")
    return pd.DataFrame(
        {
            "subscription_item_id": items["id"],
            "subscription_id": items["subscription_id"],
            "price_id": items["price_id"],
            "quantity": to_int(items["quantity"]),
            "created_at": _naive_utc(items["created"]),
        }
    ).reset_index(drop=True)


def stg_billing__coupons(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Coupons: percent_off as a ratio 0-1, amount_off in major units."""
    coupons = raw.table("billing", "coupon")
    currency = coupons["currency"].str.upper()
    return pd.DataFrame(
        {
            "coupon_id": coupons["id"],
            "coupon_name": coupons["name"],
            "percent_off": to_float(coupons["percent_off"]) / 100,
            "amount_off": minor_to_major(coupons["amount_off"], currency.fillna("USD"), raw),
            "currency": currency,
            "duration": coupons["duration"].str.strip().str.lower(),
            "duration_in_months": to_int(coupons["duration_in_months"]),
        }
    ).reset_index(drop=True)


def stg_billing__discounts(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Discounts (coupon applied to a customer or subscription); dates in company time."""
    discounts = raw.table("billing", "discount")
    live_subscriptions = get(raw, settings, "stg_billing__subscriptions")["subscription_id"]
    discounts = discounts[
        discounts["customer_id"].isin(get(raw, settings, "stg_billing__customers")["customer_id"])
        & (
            discounts["subscription_id"].isna()
            | discounts["subscription_id"].isin(live_subscriptions)
        )
    ]
    return pd.DataFrame(
        {
            "discount_id": discounts["id"],
            "coupon_id": discounts["coupon_id"],
            "customer_id": discounts["customer_id"],
            "subscription_id": discounts["subscription_id"],
            "start_date": _cdate(discounts["start"], settings),
            "end_date": _cdate(discounts["end"], settings),
        }
    ).reset_index(drop=True)


def stg_billing__invoices(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Live invoices, money in major units."""
    invoices = _live(raw.table("billing", "invoice"))
    invoices = invoices[
        invoices["customer_id"].isin(get(raw, settings, "stg_billing__customers")["customer_id"])
    ]
    currency = invoices["currency"].str.upper()
    return pd.DataFrame(
        {
            "invoice_id": invoices["id"],
            "customer_id": invoices["customer_id"],
            "subscription_id": invoices["subscription_id"],
            "status": invoices["status"],
            "billing_reason": invoices["billing_reason"],
            "currency": currency,
            "created_at": _naive_utc(invoices["created"]),
            "period_start_date": _cdate(invoices["period_start"], settings),
            "period_end_date": _cdate(invoices["period_end"], settings),
            "subtotal_amount": minor_to_major(invoices["subtotal"], currency, raw),
            "tax_amount": minor_to_major(invoices["tax"], currency, raw),
            "total_amount": minor_to_major(invoices["total"], currency, raw),
            "amount_paid": minor_to_major(invoices["amount_paid"], currency, raw),
        }
    ).reset_index(drop=True)


def stg_billing__invoice_line_items(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Invoice lines in major units; period end exclusive; dates in company time (G7)."""
    lines = raw.table("billing", "invoice_line_item")
    lines = lines[
        lines["invoice_id"].isin(get(raw, settings, "stg_billing__invoices")["invoice_id"])
    ]
    currency = lines["currency"].str.upper()
    return pd.DataFrame(
        {
            "invoice_line_item_id": lines["id"],
            "invoice_id": lines["invoice_id"],
            "subscription_id": lines["subscription_id"],
            "subscription_item_id": lines["subscription_item_id"],
            "price_id": lines["price_id"],
            "line_type": lines["type"].str.strip().str.lower(),
            "is_proration": to_bool(lines["proration"], default=False),
            "description": lines["description"],
            "period_start_date": _cdate(lines["period_start"], settings),
            "period_end_date": _cdate(lines["period_end"], settings),
            "quantity": to_int(lines["quantity"]),
            "unit_amount": minor_to_major(lines["unit_amount"], currency, raw),
            "amount": minor_to_major(lines["amount"], currency, raw),
            "discount_amount": minor_to_major(lines["discount_amount"].fillna("0"), currency, raw),
            "currency": currency,
        }
    ).reset_index(drop=True)


# --- finance ------------------------------------------------------------------------


def stg_finance__fx_rates(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Monthly FX to the reporting currency; the reporting currency itself has rate 1."""
    rates = raw.table("finance", "fx_rate")
    frame = pd.DataFrame(
        {
            "month_start": month_start(to_date(rates["month"])),
            "currency": rates["currency"].str.upper(),
            "rate_to_reporting": to_float(rates["rate_to_reporting"]),
        }
    )
    frame = frame[frame["currency"] != settings.reporting_currency]
    months = pd.date_range(
        min(frame["month_start"].min(), settings.reporting_start_month)
        if len(frame)
        else settings.reporting_start_month,
        settings.as_of_month,
        freq="MS",
    )
    own = pd.DataFrame(
        {"month_start": months, "currency": settings.reporting_currency, "rate_to_reporting": 1.0}
    )
    return pd.concat([frame, own], ignore_index=True)


def stg_finance__gross_margin(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Monthly gross margin (ratio 0-1)."""
    margin = raw.table("finance", "gross_margin")
    return pd.DataFrame(
        {
            "month_start": month_start(to_date(margin["month"])),
            "gross_margin_pct": to_float(margin["gross_margin_pct"]),
        }
    )


def stg_finance__sales_marketing_costs(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Monthly sales and marketing costs in their native currency (major units)."""
    costs = raw.table("finance", "sales_marketing_cost")
    channel = costs["channel"]
    mapped, _ = map_channel(raw, channel)
    return pd.DataFrame(
        {
            "month_start": month_start(to_date(costs["month"])),
            "department": costs["department"].str.strip().str.lower(),
            "cost_type": costs["cost_type"].str.strip().str.lower(),
            "channel": mapped.where(channel.notna()),
            "amount": to_float(costs["amount"]),
            "currency": costs["currency"].str.upper(),
        }
    )


def stg_finance__revenue_plan(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Planned MRR per month and segment (reporting currency)."""
    plan = raw.table("finance", "revenue_plan")
    return pd.DataFrame(
        {
            "month_start": month_start(to_date(plan["month"])),
            "segment": map_segment(raw, plan["segment"]),
            "planned_mrr": to_float(plan["planned_mrr"]),
        }
    )


def stg_finance__cpi(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Monthly consumer price index."""
    cpi = raw.table("finance", "cpi")
    return pd.DataFrame(
        {"month_start": month_start(to_date(cpi["month"])), "cpi_index": to_float(cpi["cpi_index"])}
    )


def stg_finance__quotas(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Monthly new-ARR quota per rep (reporting currency)."""
    quota = raw.table("finance", "quota")
    return pd.DataFrame(
        {
            "month_start": month_start(to_date(quota["month"])),
            "user_id": quota["user_id"],
            "quota_new_arr": to_float(quota["quota_new_arr"]),
        }
    )


def stg_finance__sales_forecasts(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Quarterly forecast submissions per rep."""
    forecast = raw.table("finance", "sales_forecast")
    return pd.DataFrame(
        {
            "quarter_start": to_date(forecast["quarter_start"]),
            "user_id": forecast["user_id"],
            "forecast_new_arr": to_float(forecast["forecast_new_arr"]),
            "submitted_at": _naive_utc(forecast["submitted_at"]),
        }
    )


def stg_finance__price_test_assignments(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Price-test assignments; `assigned_date` in the company time zone."""
    assignments = raw.table("finance", "price_test_assignment")
    return pd.DataFrame(
        {
            "assignment_id": assignments["assignment_id"],
            "experiment_id": assignments["experiment_id"],
            "variant": assignments["variant"].str.strip().str.lower(),
            "list_price": to_float(assignments["list_price"]),
            "currency": assignments["currency"].str.upper(),
            "customer_id": assignments["customer_id"],
            "assigned_at": _naive_utc(assignments["assigned_at"]),
            "assigned_date": _cdate(assignments["assigned_at"], settings),
        }
    )
