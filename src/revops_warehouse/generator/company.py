"""Generate the demo company's raw seeds (CRM, marketing, billing, finance).

A fictional B2B SaaS company ("Northbeam", revenue-ops software) from 2023-01-01 to the
extraction moment 2025-12-31T23:59:59Z (var ``as_of_date`` = 2025-12-31). Nothing in the
output happens after that moment, except Fivetran's open-ended ``_fivetran_end`` sentinel
``9999-12-31T23:59:59.999Z`` on current history rows.

The systems are coherent: a lead's marketing events make it an MQL, a sales task follows,
the lead gets a sales-qualified date, converts to an account and a new-business
opportunity, a won opportunity becomes a Stripe customer whose subscription MRR is the
opportunity amount / 12, renewal and expansion opportunities change the subscription, and
finance inputs (FX, costs, quotas, plan) are derived from the same simulation.

Every row that staging must drop is identifiable by a rule: ``is_deleted`` /
``_fivetran_deleted`` true, test records (lead e-mail ending ``@test.com`` or company
``TEST``; Stripe ``livemode`` false), duplicate leads (same ``lower(trim(email))``, the later
one is the duplicate) and ``Duplicate`` opportunity losses.

Output: ``<out-dir>/<source>/raw_<source>__<table>.csv``. The run is deterministic: the
same ``--seed`` gives byte-identical files (stdlib ``random.Random`` only, no set iteration,
fixed float formatting).

Usage: ``python scripts/generate_raw_data.py [--seed 20240101] [--out-dir seeds/raw]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
from collections import defaultdict
from pathlib import Path

UTC = dt.UTC
START_DATE = dt.date(2023, 1, 1)  # var reporting_start_month
# Raw history starts before the report so the first report months have a base:
# leads, pipeline and ad spend from HISTORY_START, imported won deals from LEGACY_START.
HISTORY_START = dt.date(2022, 7, 1)
LEGACY_START = dt.date(2021, 1, 1)
AS_OF_DATE = dt.date(2025, 12, 31)
EXTRACT_AT = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
FIVETRAN_END_SENTINEL = "9999-12-31T23:59:59.999Z"
STAGE_RENAME_AT = dt.datetime(2024, 7, 1, tzinfo=UTC)
DEFAULT_SEED = 20240101

# Column lists: exactly docs/architecture.md "Raw layer" (tests compare them).
SCHEMAS: dict[tuple[str, str], list[str]] = {
    ("crm", "user"): [
        "id", "name", "email", "title", "department", "division", "manager_id",
        "user_role_id", "is_active", "created_date", "start_date_c", "_fivetran_deleted",
    ],
    ("crm", "account"): [
        "id", "name", "industry", "billing_country_code", "number_of_employees", "type",
        "owner_id", "account_source", "created_date", "is_deleted", "segment_c",
        "stripe_customer_id_c",
    ],
    ("crm", "lead"): [
        "id", "email", "first_name", "last_name", "company", "title", "industry",
        "number_of_employees", "country", "status", "lead_source", "owner_id", "created_date",
        "is_converted", "converted_date", "converted_account_id", "converted_opportunity_id",
        "is_deleted", "sales_qualified_date_c",
    ],
    ("crm", "opportunity"): [
        "id", "name", "account_id", "owner_id", "type", "stage_name", "amount",
        "currency_iso_code", "probability", "created_date", "close_date", "is_closed",
        "is_won", "lead_source", "campaign_id", "forecast_category_name", "is_deleted",
        "loss_reason_c", "renewal_due_date_c", "prior_arr_c",
    ],
    ("crm", "opportunity_history"): [
        "id", "_fivetran_start", "_fivetran_end", "_fivetran_active", "stage_name", "amount",
        "probability", "close_date", "is_deleted",
    ],
    ("crm", "campaign"): [
        "id", "name", "type", "status", "start_date", "end_date", "budgeted_cost",
        "actual_cost", "is_active", "is_deleted", "ad_platform_c", "ad_campaign_id_c",
    ],
    ("crm", "campaign_member"): [
        "id", "campaign_id", "lead_id", "status", "has_responded", "first_responded_date",
        "created_date", "is_deleted",
    ],
    ("crm", "task"): [
        "id", "who_id", "owner_id", "subject", "type", "activity_date", "created_date",
        "is_deleted",
    ],
    ("marketing", "google_ads_campaign_stats"): [
        "id", "customer_id", "date", "cost_micros", "clicks", "impressions",
    ],
    ("marketing", "google_ads_campaign_history"): [
        "id", "name", "customer_id", "updated_at", "status", "currency_code",
    ],
    ("marketing", "facebook_ads_basic_campaign"): [
        "campaign_id", "date", "account_id", "spend", "impressions", "inline_link_clicks",
        "account_currency",
    ],
    ("marketing", "facebook_ads_campaign_history"): ["id", "account_id", "name", "updated_time"],
    ("marketing", "linkedin_ads_analytics_by_campaign"): [
        "campaign_id", "day", "cost_in_local_currency", "cost_in_usd", "clicks", "impressions",
        "currency",
    ],
    ("marketing", "linkedin_ads_campaign_history"): [
        "id", "name", "account_id", "last_modified_time",
    ],
    ("marketing", "microsoft_ads_campaign_performance_daily_report"): [
        "date", "account_id", "campaign_id", "currency_code", "spend", "clicks", "impressions",
    ],
    ("marketing", "microsoft_ads_campaign_history"): ["id", "name", "account_id", "modified_time"],
    ("marketing", "lead_event"): [
        "id", "lead_id", "email", "event_type", "occurred_at", "score_delta", "score_after",
        "asset_name",
    ],
    ("billing", "customer"): [
        "id", "email", "name", "created", "currency", "is_deleted", "livemode", "metadata",
    ],
    ("billing", "product"): ["id", "name", "active", "is_deleted", "type"],
    ("billing", "price"): [
        "id", "product_id", "nickname", "currency", "unit_amount", "type",
        "recurring_interval", "recurring_interval_count", "recurring_usage_type", "active",
        "created", "is_deleted",
    ],
    ("billing", "subscription"): [
        "id", "customer_id", "status", "created", "start_date", "trial_start", "trial_end",
        "cancel_at_period_end", "canceled_at", "ended_at", "current_period_start",
        "current_period_end", "livemode",
    ],
    ("billing", "subscription_item"): ["id", "subscription_id", "price_id", "quantity", "created"],
    ("billing", "coupon"): [
        "id", "name", "percent_off", "amount_off", "currency", "duration", "duration_in_months",
        "created",
    ],
    ("billing", "discount"): [
        "id", "type", "type_id", "coupon_id", "customer_id", "subscription_id", "start", "end",
    ],
    ("billing", "invoice"): [
        "id", "customer_id", "subscription_id", "number", "status", "billing_reason",
        "currency", "created", "period_start", "period_end", "subtotal", "tax", "total",
        "amount_paid", "amount_due", "livemode",
    ],
    ("billing", "invoice_line_item"): [
        "id", "invoice_id", "subscription_id", "subscription_item_id", "price_id", "type",
        "proration", "description", "period_start", "period_end", "quantity", "unit_amount",
        "amount", "discount_amount", "currency",
    ],
    ("billing", "charge"): [
        "id", "customer_id", "invoice_id", "amount", "amount_refunded", "currency", "status",
        "paid", "refunded", "created", "livemode",
    ],
    ("billing", "refund"): ["id", "charge_id", "amount", "currency", "status", "reason", "created"],
    ("finance", "fx_rate"): ["month", "currency", "rate_to_reporting"],
    ("finance", "gross_margin"): ["month", "gross_margin_pct"],
    ("finance", "sales_marketing_cost"): [
        "month", "department", "cost_type", "channel", "amount", "currency",
    ],
    ("finance", "revenue_plan"): ["month", "segment", "planned_mrr"],
    ("finance", "cpi"): ["month", "cpi_index"],
    ("finance", "quota"): ["month", "user_id", "quota_new_arr"],
    ("finance", "sales_forecast"): ["quarter_start", "user_id", "forecast_new_arr", "submitted_at"],
    ("finance", "price_test_assignment"): [
        "assignment_id", "experiment_id", "variant", "list_price", "currency", "customer_id",
        "assigned_at",
    ],
}

# Seed column types (seeds/raw/_raw__seeds.yml is written from these).
TIMESTAMP_COLUMNS = {
    "created_date", "created", "updated_at", "updated_time", "last_modified_time",
    "modified_time", "occurred_at", "_fivetran_start", "_fivetran_end", "trial_start",
    "trial_end", "canceled_at", "ended_at", "current_period_start", "current_period_end",
    "period_start", "period_end", "start", "end", "submitted_at", "assigned_at",
    "sales_qualified_date_c",
}
DATE_COLUMNS = {
    "start_date_c", "converted_date", "close_date", "renewal_due_date_c", "end_date",
    "first_responded_date", "activity_date", "date", "day", "month", "quarter_start",
}
BOOLEAN_COLUMNS = {
    "is_active", "_fivetran_deleted", "is_deleted", "is_converted", "is_closed", "is_won",
    "_fivetran_active", "has_responded", "active", "livemode", "cancel_at_period_end",
    "proration", "paid", "refunded",
}
BIGINT_COLUMNS = {
    "number_of_employees", "probability", "cost_micros", "clicks", "impressions",
    "inline_link_clicks", "score_delta", "score_after", "unit_amount",
    "recurring_interval_count", "quantity", "amount_off", "duration_in_months", "subtotal",
    "tax", "total", "amount_paid", "amount_due", "discount_amount", "amount_refunded",
}
MONEY_COLUMNS = {
    "prior_arr_c", "budgeted_cost", "actual_cost", "spend", "cost_in_local_currency",
    "cost_in_usd", "percent_off", "planned_mrr", "quota_new_arr", "forecast_new_arr",
    "list_price", "cpi_index",
}
SEED_DESCRIPTIONS = {
    ("crm", "user"): "Salesforce users: AEs per segment team, SDRs, CSMs and managers.",
    ("crm", "account"): (
        "Salesforce accounts; segment_c raw spelling, stripe_customer_id_c links billing."
    ),
    ("crm", "lead"): (
        "Salesforce leads with raw lead_source, SQL date, conversion; has duplicates and test rows."
    ),
    ("crm", "opportunity"): (
        "Salesforce opportunities (new business, expansion, renewal), current state."
    ),
    ("crm", "opportunity_history"): (
        "Fivetran history-mode versions of opportunities (one row per change)."
    ),
    ("crm", "campaign"): (
        "Salesforce campaigns; ad campaigns link to platforms via ad_platform_c, ad_campaign_id_c."
    ),
    ("crm", "campaign_member"): "Salesforce campaign members (lead responses to campaigns).",
    ("crm", "task"): "Salesforce tasks on leads (who_id = lead id): calls and e-mails by SDRs.",
    ("marketing", "google_ads_campaign_stats"): (
        "Google Ads daily campaign stats; cost in micros of the account currency."
    ),
    ("marketing", "google_ads_campaign_history"): (
        "Google Ads campaign versions (Fivetran history)."
    ),
    ("marketing", "facebook_ads_basic_campaign"): (
        "Facebook Ads daily campaign report; spend in the account currency."
    ),
    ("marketing", "facebook_ads_campaign_history"): "Facebook Ads campaign versions.",
    ("marketing", "linkedin_ads_analytics_by_campaign"): (
        "LinkedIn Ads daily campaign analytics in local currency and USD."
    ),
    ("marketing", "linkedin_ads_campaign_history"): "LinkedIn Ads campaign versions.",
    ("marketing", "microsoft_ads_campaign_performance_daily_report"): (
        "Microsoft Ads daily campaign performance; spend in currency_code."
    ),
    ("marketing", "microsoft_ads_campaign_history"): "Microsoft Ads campaign versions.",
    ("marketing", "lead_event"): (
        "Marketing-automation events keyed by e-mail (lead_id sometimes blank); mql event = MQL."
    ),
    ("billing", "customer"): (
        "Stripe customers; metadata JSON holds crm_account_id; livemode false = test."
    ),
    ("billing", "product"): "Stripe products: three tiers, an add-on, a setup fee and a free plan.",
    ("billing", "price"): (
        "Stripe prices per currency and interval; unit_amount in the currency's minor unit."
    ),
    ("billing", "subscription"): (
        "Stripe subscriptions (trials, free, monthly to 2-year, cancellations)."
    ),
    ("billing", "subscription_item"): (
        "Stripe subscription items: current price and quantity (seats)."
    ),
    ("billing", "coupon"): "Stripe coupons (forever, once, repeating).",
    ("billing", "discount"): "Stripe discounts linking coupons to subscriptions.",
    ("billing", "invoice"): "Stripe invoices; amounts in the currency's minor unit.",
    ("billing", "invoice_line_item"): (
        "Stripe invoice lines: regular, proration and one-time (invoiceitem) lines; minor units."
    ),
    ("billing", "charge"): "Stripe charges per invoice (succeeded and failed); minor units.",
    ("billing", "refund"): "Stripe refunds of charges; minor units.",
    ("finance", "fx_rate"): "Monthly FX rate to the reporting currency (USD = 1).",
    ("finance", "gross_margin"): "Monthly gross margin (0-1).",
    ("finance", "sales_marketing_cost"): (
        "Monthly sales and marketing cost by department, cost type and channel."
    ),
    ("finance", "revenue_plan"): "Monthly planned MRR per segment in the reporting currency.",
    ("finance", "cpi"): "Monthly consumer price index.",
    ("finance", "quota"): "Monthly new-ARR quota per AE in the reporting currency.",
    ("finance", "sales_forecast"): (
        "Quarterly new-ARR forecast per AE, submitted on the quarter's first business day."
    ),
    ("finance", "price_test_assignment"): (
        "Price-test assignments of trial customers (experiment pricing-2024-q3)."
    ),
}


def column_type(source: str, table: str, column: str) -> str:
    """DuckDB type of a raw seed column (ids and timestamps stay text; staging parses them).

    Money: ``decimal(18,4)`` for major-unit amounts (CRM, finance, ad platforms), ``bigint``
    for Stripe minor-unit amounts.
    """
    if (table, column) == ("fx_rate", "rate_to_reporting"):
        return "decimal(18,8)"
    if column == "gross_margin_pct":
        return "double"
    if column == "start_date":
        return "varchar" if source == "billing" else "date"
    if column == "amount":
        return "bigint" if source == "billing" else "decimal(18,4)"
    if column in TIMESTAMP_COLUMNS:
        return "varchar"
    if column in DATE_COLUMNS:
        return "date"
    if column in BOOLEAN_COLUMNS:
        return "boolean"
    if column in BIGINT_COLUMNS:
        return "bigint"
    if column in MONEY_COLUMNS:
        return "decimal(18,4)"
    return "varchar"


def seeds_yaml() -> str:
    """Text of seeds/raw/_raw__seeds.yml: description and column_types for every seed."""
    lines = [
        "# Written by scripts/generate_raw_data.py: do not edit by hand.",
        "# Ids and timestamps are varchar (ISO-8601 text with offsets; staging parses them).",
        "version: 2",
        "",
        "seeds:",
    ]
    for (source, table), columns in SCHEMAS.items():
        lines.append(f"  - name: raw_{source}__{table}")
        lines.append(f"    description: \"{SEED_DESCRIPTIONS[(source, table)]}\"")
        lines.append("    config:")
        lines.append("      delimiter: \",\"")
        if any(c in ("end",) for c in columns):
            lines.append("      quote_columns: true  # column `end` is a reserved word")
        lines.append("      column_types:")
        for column in columns:
            lines.append(f"        {column}: {column_type(source, table, column)}")
    return "\n".join(lines) + "\n"

CURRENCIES = ["USD", "EUR", "GBP", "JPY"]
# Per-seat monthly list prices in major units (JPY has no minor unit).
TIER_MONTHLY = {
    "starter": {"USD": 49, "EUR": 45, "GBP": 39, "JPY": 7500},
    "growth": {"USD": 99, "EUR": 92, "GBP": 79, "JPY": 15000},
    "enterprise": {"USD": 199, "EUR": 185, "GBP": 159, "JPY": 30000},
    "addon": {"USD": 199, "EUR": 185, "GBP": 159, "JPY": 30000},
}
SETUP_FEE = {"USD": 1500, "EUR": 1400, "GBP": 1200, "JPY": 225000}
# billing period months -> (interval, interval_count, multiple of the monthly price, label)
INTERVALS = {
    1: ("month", 1, 1, "Monthly"),
    3: ("month", 3, 3, "Quarterly"),
    12: ("year", 1, 10, "Annual"),
    24: ("year", 2, 19, "2-Year"),
}
TIER_NAMES = {
    "starter": "Starter", "growth": "Growth", "enterprise": "Enterprise",
    "addon": "Advanced Analytics Add-on",
}
NEXT_TIER = {"starter": "growth", "growth": "enterprise"}

COUNTRIES = [  # (code, weight, currency, tz)
    ("US", 50, "USD", "us"), ("CA", 5, "USD", "us"), ("GB", 12, "GBP", "gb"),
    ("DE", 9, "EUR", "eu"), ("FR", 7, "EUR", "eu"), ("NL", 4, "EUR", "eu"),
    ("ES", 2, "EUR", "eu"), ("JP", 7, "JPY", "jp"), ("AU", 4, "USD", "au"),
]
LEAD_SOURCES = [  # (raw value, weight, mql probability, campaign platform or program)
    ("Google Ads", 14, 0.45, "google_ads"), ("google ads", 2, 0.45, "google_ads"),
    ("Bing Ads", 4, 0.42, "microsoft_ads"), ("Facebook Ads", 8, 0.30, "facebook_ads"),
    ("LinkedIn Ads", 8, 0.42, "linkedin_ads"), ("LinkedIn", 3, 0.35, None),
    ("Content", 10, 0.36, "content"), ("Organic Search", 10, 0.42, None),
    ("SEO", 3, 0.40, None), ("Webinar", 7, 0.50, "webinar"), ("Event", 4, 0.46, "event"),
    ("Referral", 5, 0.60, None), ("Partner", 4, 0.55, None), ("Outbound", 10, 0.0, None),
    ("Email", 3, 0.30, "email"), ("Direct", 3, 0.45, None), ("", 1.5, 0.30, None),
    ("Other", 0.5, 0.30, None),
]
SEGMENTS = ["SMB", "Mid-Market", "Enterprise"]
SEGMENT_RAW_VARIANTS = {
    "SMB": [("SMB", 1.0)],
    "Mid-Market": [("Mid-Market", 0.8), ("MidMarket", 0.2)],
    "Enterprise": [("Enterprise", 0.8), ("ENT", 0.2)],
}
WIN_RATE = {"SMB": 0.31, "Mid-Market": 0.27, "Enterprise": 0.24}
CYCLE_DAYS = {"SMB": (15, 40), "Mid-Market": (30, 90), "Enterprise": (60, 180)}
PROBABILITY = {
    "Prospecting": 10, "Discovery": 20, "Demo": 40, "Proposal": 60, "Negotiation": 80,
    "Closed Won": 100, "Closed Lost": 0,
}
FORECAST_CATEGORY = {
    "Prospecting": "Pipeline", "Discovery": "Pipeline", "Demo": "Pipeline",
    "Proposal": "Best Case", "Negotiation": "Commit", "Closed Won": "Closed",
    "Closed Lost": "Omitted",
}
OPEN_STAGES = ["Prospecting", "Discovery", "Demo", "Proposal", "Negotiation"]

FIRST_NAMES = [
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
    "Mia", "Mason", "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Aiden", "Abigail", "Jack",
    "Emily", "Henry", "Ella", "Owen", "Chloe", "Leo", "Grace", "Samuel", "Zoe", "David",
    "Hannah", "Daniel", "Lea", "Hugo", "Clara", "Felix", "Yuki", "Haruto", "Sakura", "Ren",
    "Marta", "Pablo", "Ines", "Lars", "Sanne", "Jonas", "Amara", "Priya", "Arjun", "Nadia",
]
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martin",
    "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Lee", "Walker",
    "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
    "Muller", "Schmidt", "Dubois", "Moreau", "de Vries", "Jansen", "Tanaka", "Suzuki",
    "Sato", "Fernandez", "Patel", "Khan", "O'Brien", "Nguyen",
]
COMPANY_WORDS_A = [
    "Blue", "North", "Bright", "Silver", "Red", "Swift", "Clear", "Summit", "Iron", "Cedar",
    "Harbor", "Atlas", "Nova", "Prime", "Vertex", "Lumen", "Orbit", "Pioneer", "Granite",
    "Quantum", "Maple", "Falcon", "Coral", "Aurora", "Beacon", "Crest", "Delta", "Echo",
    "Fjord", "Juniper",
]
COMPANY_WORDS_B = [
    "River", "Peak", "Labs", "Works", "Systems", "Logistics", "Health", "Finance", "Retail",
    "Analytics", "Cloud", "Dynamics", "Partners", "Networks", "Foods", "Media", "Energy",
    "Robotics", "Learning", "Capital", "Freight", "Studio", "Bio", "Motors", "Security",
]
COMPANY_SUFFIX = ["Inc", "Ltd", "GmbH", "LLC", "Group", "Co", "SA", "BV", "KK", "Corp"]
INDUSTRIES = [
    "Software", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Education",
    "Media", "Logistics", "Professional Services",
]
LEAD_TITLES = [
    "Head of Sales", "VP Marketing", "RevOps Manager", "CFO", "Sales Operations Analyst",
    "CEO", "Marketing Operations Manager", "Chief Revenue Officer", "Director of Sales",
]
EBOOKS = [
    "RevOps Playbook 2023", "Pipeline Velocity Guide", "SaaS Metrics Cheat Sheet",
    "Forecasting Template", "Churn Benchmark Report", "Quota Planning Workbook",
]
LOSS_REASONS = [("Price", 25), ("Competitor", 25), ("No Decision", 25), ("Timing", 12),
                ("Product Fit", 10), ("", 3)]


# --------------------------------------------------------------------------- helpers
def add_months(value, months: int):
    """Add calendar months to a date or datetime, clamping the day to the month's length."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    day = min(value.day, _days_in_month(year, month))
    return value.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def month_starts(first: dt.date = START_DATE, last: dt.date = AS_OF_DATE) -> list[dt.date]:
    """Return the first day of every month from ``first`` to ``last`` inclusive."""
    out, current = [], first.replace(day=1)
    while current <= last:
        out.append(current)
        current = add_months(current, 1)
    return out


def _is_dst(region: str, instant: dt.datetime) -> bool:
    """Approximate daylight-saving rule (US: 2nd Sun Mar - 1st Sun Nov; EU: last Sun Mar-Oct)."""
    d = instant.date()
    if region == "us":
        return dt.date(d.year, 3, 10) <= d < dt.date(d.year, 11, 3)
    if region in ("gb", "eu"):
        return dt.date(d.year, 3, 28) <= d < dt.date(d.year, 10, 28)
    return False


def tz_offset_minutes(region: str, instant: dt.datetime) -> int:
    """UTC offset in minutes for a coarse region code at a UTC instant."""
    base = {
        "us": -300, "us_west": -480, "gb": 0, "eu": 60, "jp": 540, "au": 600, "utc": 0,
    }[region]
    dst_region = "us" if region == "us_west" else region
    return base + (60 if _is_dst(dst_region, instant) else 0)


def fmt_ts(instant: dt.datetime, region: str = "utc") -> str:
    """Format a UTC instant as ISO-8601 text in a region's local time with its offset.

    ``2024-01-31T20:30:00-05:00``; a zero offset is written ``Z``.
    """
    offset = tz_offset_minutes(region, instant)
    local = instant.astimezone(dt.timezone(dt.timedelta(minutes=offset)))
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if offset == 0:
        return text + "Z"
    sign = "+" if offset > 0 else "-"
    return f"{text}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def fmt_ms(instant: dt.datetime) -> str:
    """Fivetran system timestamp in UTC with milliseconds."""
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def fmt_bool(value: bool) -> str:
    """CSV boolean literal."""
    return "true" if value else "false"


def fmt_money(value: float | None, currency: str = "USD") -> str:
    """Major-unit amount text; JPY without decimals, blank for None."""
    if value is None:
        return ""
    if currency.upper() == "JPY":
        return f"{round(value):d}"
    return f"{value:.2f}"


def at_utc(day: dt.date, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:
    """UTC instant on a date."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def month_start_of(value) -> dt.date:
    """First day of the month of a date or datetime."""
    return dt.date(value.year, value.month, 1)


# --------------------------------------------------------------------------- generator
class DemoCompany:
    """Simulates the demo company and collects raw rows per table.

    ``rows[(source, table)]`` is a list of dicts keyed by the columns in ``SCHEMAS``.
    """

    def __init__(self, seed: int = DEFAULT_SEED):
        """Create an empty world with independent random streams derived from ``seed``."""
        self.seed = seed
        self.rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self._streams: dict[str, random.Random] = {}
        self._used_ids: set[str] = set()
        self._counters: dict[str, int] = defaultdict(int)
        self.users: list[dict] = []
        self.fx: dict[tuple[dt.date, str], float] = {}
        # (from, to, monthly_native, currency, segment, customer_id)
        self.mrr_intervals: list[tuple] = []
        self.won_new: list[dict] = []  # won new-business deals for quotas/forecasts
        self.won_expansion: list[dict] = []
        self.accounts: dict[str, dict] = {}
        self.ad_campaigns: list[dict] = []
        self.program_campaigns: dict[str, list[dict]] = defaultdict(list)
        self.prices: dict[tuple, dict] = {}
        self.coupons: dict[str, dict] = {}

    # ---------------------------------------------------------------- ids and randomness
    def rng(self, name: str) -> random.Random:
        """A named random stream (stable across changes to other streams)."""
        if name not in self._streams:
            self._streams[name] = random.Random(f"{self.seed}:{name}")
        return self._streams[name]

    def sf_id(self, prefix: str) -> str:
        """Salesforce-like 15-character id with a 3-character key prefix (leading zeros)."""
        self._counters[prefix] += 1
        return f"{prefix}8a{self._counters[prefix]:010d}"

    def stripe_id(self, prefix: str, length: int = 14) -> str:
        """Stripe-like id ``<prefix>_<base62>``, unique within the run."""
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        r = self.rng("ids")
        while True:
            candidate = prefix + "_" + "".join(r.choice(alphabet) for _ in range(length))
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def add(self, source: str, table: str, **row) -> dict:
        """Append a raw row (missing columns become blank)."""
        self.rows[(source, table)].append(row)
        return row

    # ---------------------------------------------------------------- finance basics
    def build_fx(self) -> None:
        """Monthly FX rates to USD with a seeded random walk (USD = 1)."""
        r = self.rng("fx")
        level = {"EUR": 1.07, "GBP": 1.22, "JPY": 1 / 131.0}
        for month in month_starts():
            for cur in ("EUR", "GBP", "JPY"):
                level[cur] *= math.exp(r.gauss(0.0, 0.018))
                self.fx[(month, cur)] = level[cur]
            self.fx[(month, "USD")] = 1.0

    def fx_rate(self, currency: str, when) -> float:
        """USD per unit of ``currency`` for the month of ``when`` (clamped to the calendar)."""
        month = month_start_of(when)
        month = max(START_DATE, min(month, AS_OF_DATE.replace(day=1)))
        return self.fx[(month, currency.upper())]

    # ---------------------------------------------------------------- users
    def build_users(self) -> None:
        """Sales, SDR, CS users and managers with start/leave dates and a skill factor."""
        r = self.rng("users")
        names = iter(
            f"{first} {last}"
            for first, last in zip(
                r.sample(FIRST_NAMES, len(FIRST_NAMES)), r.sample(LAST_NAMES, len(LAST_NAMES)),
                strict=True,
            )
        )
        roles = {
            "vp": self.sf_id("00E"), "mgr": self.sf_id("00E"), "ae": self.sf_id("00E"),
            "sdr": self.sf_id("00E"), "csm": self.sf_id("00E"),
        }

        def user(title, department, division, role, manager, start, end=None, tz="us",
                 segment=None, created=None):
            name = next(names)
            uid = self.sf_id("005")
            email = name.lower().replace(" ", ".").replace("'", "") + "@northbeam.io"
            created_at = created or at_utc(min(start, dt.date(2022, 12, 1)) - dt.timedelta(
                days=r.randint(1, 20)), r.randint(13, 20), r.randint(0, 59))
            rec = {
                "id": uid, "name": name, "email": email, "title": title,
                "department": department, "division": division, "manager_id": manager or "",
                "user_role_id": roles[role], "is_active": fmt_bool(end is None),
                "created_date": fmt_ts(created_at, tz), "start_date_c": start.isoformat(),
                "_fivetran_deleted": "false",
                # internal
                "_role": role, "_segment": segment or division, "_start": start, "_end": end,
                "_tz": tz, "_skill": r.uniform(0.8, 1.25),
            }
            self.users.append(rec)
            return rec

        vp = user("VP of Sales", "Enterprise Sales", "Enterprise", "vp", None,
                  dt.date(2021, 3, 1))
        team = {
            "SMB": ("SMB Sales", "Sales Manager SMB"),
            "Mid-Market": ("Mid-Market Sales", "Sales Manager Mid-Market"),
            "Enterprise": ("Enterprise Sales", "Director Enterprise Sales"),
        }
        managers = {}
        for seg, (dept, title) in team.items():
            managers[seg] = user(title, dept, seg, "mgr", vp["id"], dt.date(2021, 6, 1))
        sdr_mgr = user("SDR Manager", "SDR", "SMB", "mgr", vp["id"], dt.date(2021, 9, 1))
        cs_mgr = user("Head of Customer Success", "Customer Success", "Enterprise", "mgr",
                      vp["id"], dt.date(2021, 9, 1))
        ae_plan = {
            "SMB": [(dt.date(2022, 2, 1), None), (dt.date(2022, 5, 1), None),
                    (dt.date(2022, 8, 1), dt.date(2024, 6, 30)), (dt.date(2022, 10, 3), None),
                    (dt.date(2022, 11, 7), None), (dt.date(2024, 2, 1), None),
                    (dt.date(2024, 9, 2), None), (dt.date(2025, 3, 3), None)],
            "Mid-Market": [(dt.date(2021, 11, 1), None), (dt.date(2022, 3, 1), None),
                           (dt.date(2022, 6, 1), dt.date(2025, 5, 30)),
                           (dt.date(2022, 9, 1), None), (dt.date(2022, 12, 1), None),
                           (dt.date(2024, 4, 1), None), (dt.date(2025, 1, 6), None)],
            "Enterprise": [(dt.date(2021, 7, 1), None), (dt.date(2022, 1, 10), None),
                           (dt.date(2022, 7, 1), None), (dt.date(2022, 10, 1), None),
                           (dt.date(2024, 10, 1), None)],
        }
        for seg, plan in ae_plan.items():
            dept = team[seg][0]
            for i, (start, end) in enumerate(plan):
                title = {"SMB": "Account Executive", "Mid-Market": "Senior Account Executive",
                         "Enterprise": "Enterprise Account Executive"}[seg]
                tz = "gb" if (seg != "SMB" and i == 1) else ("us_west" if i % 3 == 2 else "us")
                created = at_utc(start - dt.timedelta(days=r.randint(3, 14)), 15, r.randint(0, 59))
                user(title, dept, seg, "ae", managers[seg]["id"], start, end, tz=tz,
                     created=created)
        sdr_plan = [(dt.date(2022, 1, 3), None), (dt.date(2022, 4, 4), None),
                    (dt.date(2022, 7, 5), dt.date(2025, 2, 28)), (dt.date(2022, 9, 5), None),
                    (dt.date(2022, 11, 1), None), (dt.date(2022, 12, 1), None),
                    (dt.date(2024, 3, 4), None), (dt.date(2024, 8, 5), None)]
        for i, (start, end) in enumerate(sdr_plan):
            created = at_utc(start - dt.timedelta(days=r.randint(3, 14)), 15, r.randint(0, 59))
            user("Sales Development Representative", "SDR", SEGMENTS[i % 3], "sdr",
                 sdr_mgr["id"], start, end, created=created)
        for i in range(5):
            start = [dt.date(2021, 10, 1), dt.date(2022, 3, 1), dt.date(2022, 9, 1),
                     dt.date(2023, 6, 1), dt.date(2024, 11, 4)][i]
            created = at_utc(start - dt.timedelta(days=r.randint(3, 14)), 15, r.randint(0, 59))
            user("Customer Success Manager", "Customer Success", SEGMENTS[i % 3], "csm",
                 cs_mgr["id"], start, created=created)
        # Soft-deleted: an integration user created by mistake and removed.
        ghost = user("Integration User", "SDR", "SMB", "sdr", None, dt.date(2023, 2, 1),
                     dt.date(2023, 2, 2), created=at_utc(dt.date(2023, 2, 1), 9))
        ghost["_fivetran_deleted"] = "true"
        ghost["_deleted"] = True

    def active_users(self, role: str, day: dt.date, segment: str | None = None) -> list[dict]:
        """Users of a role active on ``day`` (optionally in a segment)."""
        return [
            u for u in self.users
            if u["_role"] == role and not u.get("_deleted") and u["_start"] <= day
            and (u["_end"] is None or u["_end"] >= day)
            and (segment is None or u["_segment"] == segment)
        ]

    def pick_ae(self, segment: str, day: dt.date, r: random.Random) -> dict:
        """An AE of the segment's team active on ``day``."""
        pool = self.active_users("ae", day, segment) or self.active_users(
            "ae", max(day, HISTORY_START), segment)  # pre-history: today's team owns it
        return r.choice(pool)

    # ---------------------------------------------------------------- billing catalogue
    def build_catalogue(self) -> None:
        """Products, recurring and one-time prices per currency, a free plan and coupons."""
        created = at_utc(dt.date(2022, 6, 1), 10)
        products = {}
        for key in ("starter", "growth", "enterprise", "addon"):
            pid = self.stripe_id("prod")
            products[key] = pid
            self.add("billing", "product", id=pid, name=TIER_NAMES[key], active="true",
                     is_deleted="false", type="service")
        for key, name in (("setup", "Onboarding and Setup Fee"), ("free", "Free")):
            pid = self.stripe_id("prod")
            products[key] = pid
            self.add("billing", "product", id=pid, name=name, active="true",
                     is_deleted="false", type="service")
        legacy = self.stripe_id("prod")
        self.add("billing", "product", id=legacy, name="Legacy Basic", active="false",
                 is_deleted="true", type="service")

        def price(key, currency, months, unit_major, nickname, *, recurring=True, active=True):
            pid = self.stripe_id("price", 24)
            minor = unit_major if currency == "JPY" else round(unit_major * 100)
            interval, count = INTERVALS[months][:2] if recurring else ("", "")
            rec = self.add(
                "billing", "price", id=pid, product_id=products[key], nickname=nickname,
                currency=currency.lower(), unit_amount=str(minor),
                type="recurring" if recurring else "one_time",
                recurring_interval=interval, recurring_interval_count=str(count),
                recurring_usage_type="licensed" if recurring else "", active=fmt_bool(active),
                created=fmt_ts(created), is_deleted="false",
            )
            rec["_minor"] = minor
            return rec

        for key in ("starter", "growth", "enterprise", "addon"):
            for currency in CURRENCIES:
                for months, (_, _, multiple, label) in INTERVALS.items():
                    unit = TIER_MONTHLY[key][currency] * multiple
                    self.prices[(key, currency, months)] = price(
                        key, currency, months, unit, f"{TIER_NAMES[key]} {label} {currency}")
        for currency in CURRENCIES:
            self.prices[("setup", currency, 0)] = price(
                "setup", currency, 0, SETUP_FEE[currency], f"Setup Fee {currency}",
                recurring=False)
        self.prices[("free", "USD", 1)] = price("free", "USD", 1, 0, "Free Monthly USD")
        self.prices[("starter_b", "USD", 1)] = price(
            "starter", "USD", 1, 59, "Starter Monthly USD (test B)", active=False)

        coupon_specs = [
            ("LOYAL10", "Loyalty 10% forever", 10, None, "forever", None),
            ("PARTNER15", "Partner 15% forever", 15, None, "forever", None),
            ("STRATEGIC20", "Strategic 20% forever", 20, None, "forever", None),
            ("ONBOARD50", "Onboarding 50% first invoice", 50, None, "once", None),
            ("LAUNCH25", "Launch 25% for 3 months", 25, None, "repeating", 3),
            ("WELCOME100", "Welcome 100 USD off", None, 10000, "once", None),
        ]
        for cid, name, pct, amount_off, duration, months in coupon_specs:
            self.coupons[cid] = self.add(
                "billing", "coupon", id=cid, name=name,
                percent_off="" if pct is None else f"{pct:.2f}",
                amount_off="" if amount_off is None else str(amount_off),
                currency="usd" if amount_off else "", duration=duration,
                duration_in_months="" if months is None else str(months),
                created=fmt_ts(at_utc(dt.date(2022, 11, 15), 9)),
            )
            self.coupons[cid]["_pct"] = pct
            self.coupons[cid]["_off"] = amount_off

    # ---------------------------------------------------------------- marketing
    def build_campaigns(self) -> None:
        """Ad campaigns per platform with daily stats and history; CRM campaigns for all."""
        r = self.rng("ads")
        specs = [  # platform, ad id, name, account, currency, start, end, daily budget
            ("google_ads", "17012345678", "Brand - Search", "0412345678", "USD",
             HISTORY_START, None, 70),
            ("google_ads", "17012345679", "Competitor - Search", "0412345678", "USD",
             dt.date(2023, 3, 1), None, 95),
            ("google_ads", "17098765432", "Generic - RevOps Software", "0412345678", "USD",
             dt.date(2024, 1, 15), None, 120),
            ("facebook_ads", "23851234567890123", "Retargeting - Demo", "0098765432100", "USD",
             HISTORY_START, None, 55),
            ("facebook_ads", "23851234567890456", "Lookalike - EU", "0098765432200", "EUR",
             dt.date(2023, 6, 1), dt.date(2025, 6, 30), 45),
            ("linkedin_ads", "512345678", "ABM - Enterprise", "508765432", "GBP",
             dt.date(2023, 2, 1), None, 95),
            ("linkedin_ads", "512349999", "Sponsored Content - Guides", "508765433", "USD",
             dt.date(2023, 9, 1), None, 60),
            ("microsoft_ads", "412345001", "Bing - Brand and Generic", "0151234567", "USD",
             HISTORY_START, None, 40),
        ]
        crm_type = {"google_ads": "Paid Search", "microsoft_ads": "Paid Search",
                    "facebook_ads": "Paid Social", "linkedin_ads": "Paid Social"}
        for platform, ad_id, name, account, currency, start, end, budget in specs:
            last = end or AS_OF_DATE
            total_native = 0.0
            day = start
            while day <= last:
                months_in = (day - START_DATE).days / 30.4
                weekday = 0.6 if day.weekday() >= 5 else 1.0
                spend = budget * (1 + 0.012 * months_in) * weekday * math.exp(r.gauss(0, 0.18))
                spend = round(spend, 2)
                total_native += spend
                cpc = r.uniform(2.5, 8.0)
                clicks = max(1, int(spend / cpc))
                impressions = int(clicks / r.uniform(0.015, 0.05))
                if platform == "google_ads":
                    self.add("marketing", "google_ads_campaign_stats", id=ad_id,
                             customer_id=account, date=day.isoformat(),
                             cost_micros=str(round(spend * 1_000_000)), clicks=str(clicks),
                             impressions=str(impressions))
                elif platform == "facebook_ads":
                    self.add("marketing", "facebook_ads_basic_campaign", campaign_id=ad_id,
                             date=day.isoformat(), account_id=account, spend=f"{spend:.2f}",
                             impressions=str(impressions), inline_link_clicks=str(clicks),
                             account_currency=currency)
                elif platform == "linkedin_ads":
                    usd = spend * self.fx_rate(currency, day) * r.uniform(0.995, 1.005)
                    self.add("marketing", "linkedin_ads_analytics_by_campaign",
                             campaign_id=ad_id, day=day.isoformat(),
                             cost_in_local_currency=f"{spend:.2f}", cost_in_usd=f"{usd:.2f}",
                             clicks=str(clicks), impressions=str(impressions),
                             currency=currency)
                else:
                    self.add("marketing", "microsoft_ads_campaign_performance_daily_report",
                             date=day.isoformat(), account_id=account, campaign_id=ad_id,
                             currency_code=currency, spend=f"{spend:.2f}", clicks=str(clicks),
                             impressions=str(impressions))
                day += dt.timedelta(days=1)
            # platform history (versions)
            created_at = at_utc(start - dt.timedelta(days=2), 16, 5)
            versions = [(created_at, name, "ENABLED")]
            if name.startswith("Generic"):
                versions.append((at_utc(dt.date(2025, 2, 10), 11), "Generic - Revenue Ops",
                                 "ENABLED"))
            if end:
                versions.append((at_utc(end + dt.timedelta(days=1), 9), name, "PAUSED"))
            for when, vname, status in versions:
                if platform == "google_ads":
                    self.add("marketing", "google_ads_campaign_history", id=ad_id, name=vname,
                             customer_id=account, updated_at=fmt_ts(when), status=status,
                             currency_code=currency)
                elif platform == "facebook_ads":
                    self.add("marketing", "facebook_ads_campaign_history", id=ad_id,
                             account_id=account, name=vname, updated_time=fmt_ts(when, "us"))
                elif platform == "linkedin_ads":
                    self.add("marketing", "linkedin_ads_campaign_history", id=ad_id,
                             name=vname, account_id=account, last_modified_time=fmt_ts(when))
                else:
                    self.add("marketing", "microsoft_ads_campaign_history", id=ad_id,
                             name=vname, account_id=account, modified_time=fmt_ts(when))
            cid = self.sf_id("701")
            final_name = versions[-1][1] if versions[-1][2] != "PAUSED" else name
            self.add(
                "crm", "campaign", id=cid, name=final_name, type=crm_type[platform],
                status="Completed" if end else "In Progress", start_date=start.isoformat(),
                end_date=end.isoformat() if end else "",
                budgeted_cost=f"{budget * 30 * 12:.2f}", actual_cost=f"{total_native:.2f}",
                is_active=fmt_bool(end is None), is_deleted="false", ad_platform_c=platform,
                ad_campaign_id_c=ad_id,
            )
            self.ad_campaigns.append({"id": cid, "platform": platform, "start": start,
                                      "end": last, "budget": budget})
        # Program campaigns: monthly webinars and newsletters, quarterly events, ebooks.
        for month in month_starts(HISTORY_START):
            for kind, ctype, label, cost in (
                ("webinar", "Webinar", "Webinar", (1500, 4000)),
                ("email", "Email", "Newsletter", (300, 900)),
            ):
                self._program_campaign(kind, ctype, f"{label} {month:%Y-%m}", month,
                                       add_months(month, 1) - dt.timedelta(days=1), cost, r)
            if month.month in (3, 6, 9, 11):
                self._program_campaign("event", "Conference", f"Field Event {month:%Y-%m}",
                                       month, month + dt.timedelta(days=27), (15000, 40000), r)
        for i, ebook in enumerate(EBOOKS):
            start = add_months(HISTORY_START, i * 6)
            self._program_campaign("content", "Content", f"Ebook - {ebook}", start,
                                   min(add_months(start, 12), AS_OF_DATE), (2000, 6000), r)
        # Soft-deleted campaigns created by mistake.
        for copied in ("2023-04", "2024-05", "2025-02"):
            self.add("crm", "campaign", id=self.sf_id("701"), name=f"Copy of Webinar {copied}",
                     type="Webinar", status="Planned", start_date=f"{copied}-01",
                     end_date=f"{copied}-28", budgeted_cost="", actual_cost="",
                     is_active="false", is_deleted="true", ad_platform_c="",
                     ad_campaign_id_c="")

    def _program_campaign(self, kind, ctype, name, start, end, cost, r):
        cid = self.sf_id("701")
        spent = r.uniform(*cost)
        done = end < AS_OF_DATE
        self.add("crm", "campaign", id=cid, name=name, type=ctype,
                 status="Completed" if done else "In Progress", start_date=start.isoformat(),
                 end_date=end.isoformat(), budgeted_cost=f"{cost[1]:.2f}",
                 actual_cost=f"{spent:.2f}", is_active=fmt_bool(not done), is_deleted="false",
                 ad_platform_c="", ad_campaign_id_c="")
        self.program_campaigns[kind].append({"id": cid, "start": start, "end": end,
                                             "name": name})

    def campaign_for(self, key: str | None, when: dt.datetime, r) -> dict | None:
        """The CRM campaign a lead from a channel key joins at ``when`` (or None)."""
        if key is None:
            return None
        day = when.date()
        if key in ("google_ads", "microsoft_ads", "facebook_ads", "linkedin_ads"):
            pool = [c for c in self.ad_campaigns
                    if c["platform"] == key and c["start"] <= day <= c["end"]]
            if not pool:
                pool = [c for c in self.ad_campaigns if c["platform"] == key]
            weights = [c["budget"] for c in pool]
            return r.choices(pool, weights)[0]
        pool = [c for c in self.program_campaigns[key] if c["start"] <= day <= c["end"]]
        if not pool:
            pool = [c for c in self.program_campaigns[key] if c["start"] <= day] or \
                self.program_campaigns[key]
            pool = pool[-1:]
        return r.choice(pool)

    # ---------------------------------------------------------------- leads and funnel
    def build_leads(self) -> list[dict]:
        """Leads with events, campaign members, tasks, MQL/SQL dates and conversions.

        Returns the converted leads (with the account/opportunity ids to create).
        """
        r = self.rng("leads")
        months = month_starts(HISTORY_START)
        converted = []
        email_seen: set[str] = set()
        leads_created: list[dict] = []
        sources = [s for s in LEAD_SOURCES]
        weights = [s[1] for s in sources]
        for m_index, month in enumerate(months, start=-6):
            n = int((170 + 4.0 * m_index) * (1 + 0.08 * math.sin(m_index / 12 * 2 * math.pi)))
            month_seconds = (add_months(month, 1) - month).days * 86400
            for _ in range(n):
                created = at_utc(month, 0) + dt.timedelta(seconds=r.randrange(month_seconds))
                if created > EXTRACT_AT:
                    continue
                src = r.choices(sources, weights)[0]
                lead = self._new_lead(r, created, src, email_seen)
                leads_created.append(lead)
                conv = self._lead_funnel(r, lead, src)
                if conv:
                    converted.append(conv)
        # Duplicates: the same person again, e-mail differing in case or spaces.
        dup_r = self.rng("lead_dups")
        originals = [x for x in leads_created if x["_created"] < dt.datetime(2025, 9, 1,
                                                                              tzinfo=UTC)]
        for i in range(70):
            orig = dup_r.choice(originals)
            email = orig["email"]
            email = email.upper() if i % 3 == 0 else (
                f" {email}" if i % 3 == 1 else email.capitalize() + " ")
            when = orig["_created"] + dt.timedelta(days=dup_r.randint(1, 120),
                                                   seconds=dup_r.randrange(86400))
            if when > EXTRACT_AT:
                when = EXTRACT_AT - dt.timedelta(days=1)
            lid = self.sf_id("00Q")
            self.add("crm", "lead", id=lid, email=email, first_name=orig["first_name"],
                     last_name=orig["last_name"], company=orig["company"], title=orig["title"],
                     industry=orig["industry"], number_of_employees=orig["number_of_employees"],
                     country=orig["country"], status="Open - Not Contacted",
                     lead_source=orig["lead_source"], owner_id=orig["owner_id"],
                     created_date=fmt_ts(when, orig["_tz"]), is_converted="false",
                     converted_date="", converted_account_id="", converted_opportunity_id="",
                     is_deleted="false", sales_qualified_date_c="")
            self.add("marketing", "lead_event", id=self.stripe_id("evt", 16), lead_id=lid,
                     email=email, event_type="form_fill", occurred_at=fmt_ts(when),
                     score_delta="", score_after="", asset_name="Contact Us")
        # Test leads (QA on the web form) and soft-deleted junk leads.
        for i in range(24):
            when = at_utc(months[dup_r.randrange(len(months))], 10) + dt.timedelta(
                days=dup_r.randint(0, 27), seconds=dup_r.randrange(86400))
            is_test_email = i % 2 == 0
            self.add("crm", "lead", id=self.sf_id("00Q"),
                     email=f"qa{i}@test.com" if is_test_email else f"qa.user{i}@northbeam.io",
                     first_name="Test", last_name=f"Lead {i}",
                     company="Acme QA" if is_test_email else "TEST", title="QA",
                     industry="Software", number_of_employees="10", country="US",
                     status="Open - Not Contacted", lead_source="Direct",
                     owner_id=self.users[0]["id"], created_date=fmt_ts(when, "us"),
                     is_converted="false", converted_date="", converted_account_id="",
                     converted_opportunity_id="", is_deleted="false",
                     sales_qualified_date_c="")
        for i in range(30):
            when = at_utc(months[dup_r.randrange(len(months))], 14) + dt.timedelta(
                days=dup_r.randint(0, 27))
            self.add("crm", "lead", id=self.sf_id("00Q"), email=f"spam{i}@mailinator.com",
                     first_name="Spam", last_name=f"Bot {i}", company=f"Spam {i}", title="",
                     industry="", number_of_employees="", country="",
                     status="Closed - Not Converted", lead_source="Direct",
                     owner_id=self.users[0]["id"], created_date=fmt_ts(when),
                     is_converted="false", converted_date="", converted_account_id="",
                     converted_opportunity_id="", is_deleted="true",
                     sales_qualified_date_c="")
        return converted

    def _new_lead(self, r, created, src, email_seen) -> dict:
        raw_source = src[0]
        outbound = raw_source == "Outbound"
        seg_weights = [0.3, 0.37, 0.33] if outbound else [0.56, 0.28, 0.16]
        segment = r.choices(SEGMENTS, seg_weights)[0]
        country, _, currency, tz = r.choices(COUNTRIES, [c[1] for c in COUNTRIES])[0]
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        company = (f"{r.choice(COMPANY_WORDS_A)} {r.choice(COMPANY_WORDS_B)} "
                   f"{r.choice(COMPANY_SUFFIX)}")
        domain = company.lower().replace(" ", "") + ".com"
        base = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        email = f"{base}@{domain}"
        k = 1
        while email in email_seen:
            k += 1
            email = f"{base}{k}@{domain}"
        email_seen.add(email)
        employees = {"SMB": (5, 199), "Mid-Market": (200, 999), "Enterprise": (1000, 20000)}
        sdrs = self.active_users("sdr", created.date())
        owner = r.choice(sdrs)
        lead = self.add(
            "crm", "lead", id=self.sf_id("00Q"), email=email, first_name=first,
            last_name=last, company=company, title=r.choice(LEAD_TITLES),
            industry=r.choice(INDUSTRIES),
            number_of_employees=str(r.randint(*employees[segment])), country=country,
            status="", lead_source=raw_source, owner_id=owner["id"],
            created_date=fmt_ts(created, tz), is_converted="false", converted_date="",
            converted_account_id="", converted_opportunity_id="", is_deleted="false",
            sales_qualified_date_c="",
        )
        lead.update(_created=created, _segment=segment, _currency=currency, _tz=tz,
                    _country=country, _owner=owner)
        return lead

    def _event(self, r, lead, event_type, when, asset="", delta=None, score=None):
        if when > EXTRACT_AT:
            return
        missing_id = r.random() < 0.1
        email = lead["email"].upper() if r.random() < 0.05 else lead["email"]
        self.add("marketing", "lead_event", id=self.stripe_id("evt", 16),
                 lead_id="" if missing_id else lead["id"], email=email, event_type=event_type,
                 occurred_at=fmt_ts(when), score_delta="" if delta is None else str(delta),
                 score_after="" if score is None else str(score), asset_name=asset)

    def _task(self, r, lead, owner, when, subject, ttype="Call"):
        if when > EXTRACT_AT:
            return None
        deleted = r.random() < 0.01
        self.add("crm", "task", id=self.sf_id("00T"), who_id=lead["id"], owner_id=owner["id"],
                 subject=subject, type=ttype, activity_date=when.date().isoformat(),
                 created_date=fmt_ts(when, owner["_tz"]), is_deleted=fmt_bool(deleted))
        return when

    def _lead_funnel(self, r, lead, src) -> dict | None:
        raw_source, _, mql_p, camp_key = src
        created, segment = lead["_created"], lead["_segment"]
        owner = lead["_owner"]
        # campaign membership
        campaign = self.campaign_for(camp_key, created, r)
        if campaign:
            self.add("crm", "campaign_member", id=self.sf_id("00v"), campaign_id=campaign["id"],
                     lead_id=lead["id"], status="Responded", has_responded="true",
                     first_responded_date=created.date().isoformat(),
                     created_date=fmt_ts(created, lead["_tz"]),
                     is_deleted=fmt_bool(r.random() < 0.008))
        lead["_campaign_id"] = campaign["id"] if campaign else ""
        mql_at = sql_at = None
        touches: list[dt.datetime] = []
        if raw_source != "Outbound":
            first_event = {"Content": ("lead_magnet_download", r.choice(EBOOKS), 15),
                           "Webinar": ("form_fill", "Webinar Registration", 20)}.get(
                raw_source, ("form_fill", r.choice(["Contact Us", "Demo Request Form",
                                                      "Newsletter Signup"]), 20))
            is_mql = r.random() < mql_p * {"SMB": 0.95, "Mid-Market": 1.05,
                                           "Enterprise": 1.1}[segment]
            score, t = 0, created
            etype, asset, delta = first_event
            score += delta
            self._event(r, lead, etype, t, asset)
            self._event(r, lead, "score_change", t + dt.timedelta(seconds=1), "", delta, score)
            steps = 0
            while True:
                steps += 1
                t = t + dt.timedelta(hours=r.expovariate(1 / 60))
                if is_mql:
                    choice = r.choices(
                        [("pricing_page_visit", "/pricing", 20), ("demo_request", "Demo", 40),
                         ("lead_magnet_download", r.choice(EBOOKS), 15),
                         ("email_open", "Newsletter", 3)], [4, 2, 3, 1])[0]
                else:
                    if steps > r.choice([1, 1, 2, 3]):
                        break
                    choice = r.choice([("email_open", "Newsletter", 3),
                                       ("lead_magnet_download", r.choice(EBOOKS), 15)])
                    if score + choice[2] >= 50:
                        break
                etype, asset, delta = choice
                score += delta
                self._event(r, lead, etype, t, asset)
                self._event(r, lead, "score_change", t + dt.timedelta(seconds=1), "", delta,
                            score)
                if is_mql and score >= 50:
                    mql_at = t + dt.timedelta(seconds=2)
                    self._event(r, lead, "mql", mql_at, "", None, score)
                    break
            lead["_score"] = score
            if mql_at and mql_at <= EXTRACT_AT and r.random() < 0.88:  # worked by an SDR
                hours = min(r.lognormvariate(math.log(5), 1.3), 24 * 14)
                first_touch = self._task(r, lead, owner, mql_at + dt.timedelta(hours=hours),
                                         "Call - MQL follow up")
                if first_touch:
                    touches.append(first_touch)
                    p_sql = {"SMB": 0.19, "Mid-Market": 0.24, "Enterprise": 0.30}[segment]
                    p_sql *= 1.25 if raw_source in ("Referral", "Partner", "Webinar") else 1
                    p_sql *= 0.5 + max(0, score - 50) / 20  # hotter leads qualify more
                    if r.random() < p_sql:
                        sql_at = first_touch + dt.timedelta(hours=r.uniform(2, 24 * 10))
                    if r.random() < 0.6:
                        touches.append(self._task(
                            r, lead, owner, first_touch + dt.timedelta(days=r.uniform(1, 6)),
                            "Email - follow up", "Email"))
        # sales-sourced qualification without MQL
        if raw_source == "Outbound" or (raw_source in ("Referral", "Partner") and not mql_at
                                        and r.random() < 0.12):
            touch = self._task(r, lead, owner, created + dt.timedelta(hours=r.uniform(1, 60)),
                               "Cold call" if raw_source == "Outbound" else "Intro call")
            if touch:
                touches.append(touch)
                if r.random() < (0.2 if raw_source == "Outbound" else 1.0):
                    sql_at = touch + dt.timedelta(days=r.uniform(2, 30))
        touches = [t for t in touches if t]
        if sql_at and sql_at > EXTRACT_AT:
            sql_at = None
        if sql_at:
            lead["sales_qualified_date_c"] = fmt_ts(sql_at, owner["_tz"])
        # status and conversion
        age_days = (EXTRACT_AT - created).days
        conv_at = None
        if sql_at and r.random() < 0.9:
            conv_at = sql_at + dt.timedelta(hours=r.uniform(1, 24 * 5))
            if conv_at > EXTRACT_AT:
                conv_at = None
        if conv_at:
            lead["status"] = "Closed - Converted"
            lead["is_converted"] = "true"
            lead["converted_date"] = conv_at.date().isoformat()
            return {"lead": lead, "at": conv_at, "segment": segment,
                    "currency": lead["_currency"], "country": lead["_country"],
                    "tz": lead["_tz"], "lead_source": raw_source, "score": lead.get("_score"),
                    "campaign_id": lead["_campaign_id"]}
        if sql_at:
            lead["status"] = ("Closed - Not Converted" if (EXTRACT_AT - sql_at).days > 30
                              else "Working - Contacted")
        elif touches:
            recent = (EXTRACT_AT - max(touches)).days <= 45
            lead["status"] = "Working - Contacted" if recent else r.choice(
                ["Nurture", "Closed - Not Converted"])
        elif mql_at:
            lead["status"] = "Open - Not Contacted"
        else:
            lead["status"] = "Open - Not Contacted" if age_days <= 30 or r.random() < 0.3 \
                else "Nurture"
        return None

    # ---------------------------------------------------------------- accounts and opps
    def new_account(self, r, *, name, segment, country, owner, created, source, employees=None,
                    industry=None) -> dict:
        """A CRM account (raw segment spelling varies; ~3% blank)."""
        variants = SEGMENT_RAW_VARIANTS[segment]
        seg_raw = r.choices([v[0] for v in variants], [v[1] for v in variants])[0]
        if r.random() < 0.03:
            seg_raw = ""
        ranges = {"SMB": (5, 199), "Mid-Market": (200, 999), "Enterprise": (1000, 20000)}
        acc = self.add(
            "crm", "account", id=self.sf_id("001"), name=name,
            industry=industry or r.choice(INDUSTRIES), billing_country_code=country,
            number_of_employees=str(employees or r.randint(*ranges[segment])), type="Prospect",
            owner_id=owner["id"], account_source=source, created_date=fmt_ts(created,
                                                                             owner["_tz"]),
            is_deleted="false", segment_c=seg_raw, stripe_customer_id_c="",
        )
        acc.update(_segment=segment, _country=country, _owner=owner,
                   _currency=next(c[2] for c in COUNTRIES if c[0] == country),
                   _tz=next(c[3] for c in COUNTRIES if c[0] == country))
        self.accounts[acc["id"]] = acc
        return acc

    def make_opportunity(self, r, *, account, owner, type_raw, name, created, outcome,
                         close_at, amount, currency, lead_source="", campaign_id="",
                         loss_reason="", path=None, reopen=False, amount_blank_early=True,
                         renewal_due=None, prior_arr=None, deleted_at=None) -> dict:
        """Create an opportunity and its Fivetran history versions.

        ``outcome`` is 'won' or 'lost' at ``close_at``; if ``close_at`` is after the
        extraction moment the opportunity is open at its latest stage. Amounts are major
        units of ``currency``. Returns the opportunity row.
        """
        oid = self.sf_id("006")
        demo_label = "Demo Scheduled" if r.random() < 0.25 else "Demo"
        path = list(path or OPEN_STAGES)
        if outcome == "lost" and not reopen:
            path = path[: r.randint(1, len(path))]
        cycle = (close_at - created).total_seconds()
        fractions = sorted(r.uniform(0.02, 0.95) for _ in range(len(path) - 1))
        timeline = [(created, path[0])] + [
            (created + dt.timedelta(seconds=cycle * f), stage)
            for f, stage in zip(fractions, path[1:], strict=True)
        ]
        if reopen:
            lost_at = created + dt.timedelta(seconds=cycle * 0.45)
            timeline = [(t, s) for t, s in timeline if t < lost_at]
            timeline.append((lost_at, "Closed Lost"))
            back_at = lost_at + dt.timedelta(seconds=cycle * r.uniform(0.1, 0.3))
            timeline.append((back_at, r.choice(["Proposal", "Negotiation"])))
        timeline.append((close_at, "Closed Won" if outcome == "won" else "Closed Lost"))
        # expected close date drifts towards the real one
        planned_close = created + dt.timedelta(seconds=cycle * r.uniform(0.6, 1.0))
        versions = [(t, s) for t, s in timeline if t <= EXTRACT_AT]
        if not versions:
            versions = [(created, path[0])]

        def label(stage, when):
            if stage == "Negotiation":
                return "Negotiation/Review" if when >= STAGE_RENAME_AT else "Negotiation"
            if stage == "Demo":
                return demo_label
            return stage

        early_amount = None if (amount_blank_early and r.random() < 0.5) else amount * \
            r.uniform(0.8, 1.2)
        history = []
        for i, (when, stage) in enumerate(versions):
            closed = stage in ("Closed Won", "Closed Lost") and i == len(versions) - 1
            if closed:
                close_date = when.date()
            elif i == 0:
                close_date = planned_close.date()
            else:
                frac = i / max(1, len(timeline) - 1)
                close_date = (planned_close + (close_at - planned_close) * frac).date()
            hist_amount = early_amount if i == 0 else amount
            history.append({"when": when, "stage": stage, "label": label(stage, when),
                            "amount": hist_amount, "close_date": close_date})
        current = history[-1]
        stage = current["stage"]
        is_closed = stage in ("Closed Won", "Closed Lost")
        is_won = stage == "Closed Won"
        current_label = label(stage, EXTRACT_AT)
        opp_amount = current["amount"]
        if not is_closed and stage == "Prospecting" and r.random() < 0.5:
            opp_amount = None  # missing amount on some open deals
        opp = self.add(
            "crm", "opportunity", id=oid, name=name, account_id=account["id"],
            owner_id=owner["id"], type=type_raw, stage_name=current_label,
            amount=fmt_money(opp_amount, currency), currency_iso_code=currency,
            probability=str(PROBABILITY[stage]), created_date=fmt_ts(created, owner["_tz"]),
            close_date=current["close_date"].isoformat(), is_closed=fmt_bool(is_closed),
            is_won=fmt_bool(is_won), lead_source=lead_source, campaign_id=campaign_id,
            forecast_category_name=FORECAST_CATEGORY[stage],
            is_deleted=fmt_bool(deleted_at is not None),
            loss_reason_c=loss_reason if stage == "Closed Lost" else "",
            renewal_due_date_c=renewal_due.isoformat() if renewal_due else "",
            prior_arr_c=fmt_money(prior_arr, currency) if prior_arr is not None else "",
        )
        if deleted_at is not None:
            assert deleted_at > history[-1]["when"], "delete after the last change"
            history.append(dict(history[-1], when=deleted_at, deleted=True))
        for i, h in enumerate(history):
            last = i == len(history) - 1
            end = FIVETRAN_END_SENTINEL if last else fmt_ms(
                history[i + 1]["when"] - dt.timedelta(milliseconds=1))
            self.add("crm", "opportunity_history", id=oid, _fivetran_start=fmt_ms(h["when"]),
                     _fivetran_end=end, _fivetran_active=fmt_bool(last),
                     stage_name=h["label"], amount=fmt_money(h["amount"], currency),
                     probability=str(PROBABILITY[h["stage"]]),
                     close_date=h["close_date"].isoformat(),
                     is_deleted=fmt_bool(h.get("deleted", False)))
        opp.update(_won=is_won, _closed=is_closed, _close_at=close_at, _amount=amount,
                   _currency=currency, _owner=owner)
        return opp

    def build_new_business(self, converted: list[dict]) -> None:
        """New-business opportunities from converted leads and sales-sourced deals.

        Won deals start a Stripe customer and subscription (see ``run_customer``).
        """
        r = self.rng("opps")
        deals = []
        for conv in converted:
            deals.append(conv)
        # Sales-sourced (no lead): outbound prospecting, partners and referrals.
        src_r = self.rng("sales_sourced")
        for m_index, month in enumerate(month_starts(HISTORY_START), start=-6):
            for _ in range(16 + max(0, m_index) // 3):
                created = at_utc(month, 13) + dt.timedelta(
                    days=src_r.randint(0, 27), seconds=src_r.randrange(6 * 3600))
                if created > EXTRACT_AT:
                    continue
                country, _, currency, tz = src_r.choices(COUNTRIES, [c[1] for c in COUNTRIES])[0]
                deals.append({
                    "lead": None, "at": created,
                    "segment": src_r.choices(SEGMENTS, [0.25, 0.35, 0.4])[0],
                    "currency": currency, "country": country, "tz": tz,
                    "lead_source": src_r.choices(["Outbound", "Partner", "Referral", "Event"],
                                                 [6, 2, 1.5, 0.5])[0],
                    "campaign_id": "",
                })
        # Customers won before the CRM history starts (imported as won opportunities).
        legacy_r = self.rng("legacy")
        span = (HISTORY_START - LEGACY_START).days
        for _ in range(150):
            close = LEGACY_START + dt.timedelta(days=legacy_r.randrange(span))
            segment = legacy_r.choices(SEGMENTS, [0.5, 0.33, 0.17])[0]
            cycle = legacy_r.uniform(*CYCLE_DAYS[segment])
            country, _, currency, tz = legacy_r.choices(COUNTRIES, [c[1] for c in COUNTRIES])[0]
            deals.append({
                "lead": None, "at": at_utc(close, 15) - dt.timedelta(days=cycle),
                "segment": segment, "currency": currency, "country": country, "tz": tz,
                "lead_source": legacy_r.choices(["Outbound", "Partner", "Referral", "Event"],
                                                [6, 2, 1.5, 0.5])[0],
                "campaign_id": "", "won": True, "cycle": cycle,
            })
        deals.sort(key=lambda d: d["at"])
        for deal in deals:
            self._new_business_deal(r, deal)

    def choose_plan(self, r, segment: str) -> tuple[str, int, int]:
        """(tier, billing period months, seats) typical of a segment."""
        if segment == "SMB":
            tier = r.choices(["starter", "growth"], [0.8, 0.2])[0]
            months = r.choices([1, 3, 12], [0.65, 0.1, 0.25])[0]
            seats = r.randint(2, 15)
        elif segment == "Mid-Market":
            tier = r.choices(["starter", "growth", "enterprise"], [0.1, 0.8, 0.1])[0]
            months = r.choices([1, 3, 12, 24], [0.3, 0.15, 0.45, 0.1])[0]
            seats = r.randint(8, 40)
        else:
            tier = r.choices(["growth", "enterprise"], [0.15, 0.85])[0]
            months = r.choices([3, 12, 24], [0.15, 0.6, 0.25])[0]
            seats = r.randint(20, 90)
        return tier, months, seats

    def arr_of(self, items: list[dict], currency: str, months: int, pct_off: float = 0) -> float:
        """Annual run-rate in major units of subscription items (after forever discount)."""
        total_minor = sum(self.prices[(i["key"], currency, months)]["_minor"] * i["qty"]
                          for i in items)
        major = total_minor if currency == "JPY" else total_minor / 100
        return major * 12 / months * (1 - pct_off / 100)

    def _new_business_deal(self, r, deal) -> None:
        segment, created = deal["segment"], deal["at"]
        owner = self.pick_ae(segment, max(created.date(), HISTORY_START), r)
        lead = deal["lead"]
        company = lead["company"] if lead else (
            f"{r.choice(COMPANY_WORDS_A)} {r.choice(COMPANY_WORDS_B)} {r.choice(COMPANY_SUFFIX)}")
        account = self.new_account(
            r, name=company, segment=segment, country=deal["country"], owner=owner,
            created=created, source=deal["lead_source"] or "Other",
            employees=int(lead["number_of_employees"]) if lead else None,
            industry=lead["industry"] if lead else None)
        tier, months, seats = self.choose_plan(r, segment)
        coupon = None
        if r.random() < 0.22:
            coupon = r.choices(["LOYAL10", "PARTNER15", "STRATEGIC20", "ONBOARD50", "LAUNCH25",
                                "WELCOME100"], [3, 2, 1.5, 2, 2, 1])[0]
            if coupon == "WELCOME100" and deal["currency"] != "USD":
                coupon = "ONBOARD50"
        pct_forever = self.coupons[coupon]["_pct"] if coupon in (
            "LOYAL10", "PARTNER15", "STRATEGIC20") else 0
        items = [{"key": tier, "qty": seats}]
        amount = self.arr_of(items, deal["currency"], months, pct_forever)
        lo, hi = CYCLE_DAYS[segment]
        p_win = min(0.9, WIN_RATE[segment] * owner["_skill"])
        if deal.get("score"):  # hotter inbound leads win a little more often
            p_win *= 0.8 + max(0, deal["score"] - 50) / 60
        won = r.random() < p_win
        cycle = r.uniform(lo, hi) * (1 if won else r.uniform(0.6, 1.1))
        if "won" in deal:  # imported legacy deal
            won, cycle = deal["won"], deal["cycle"]
        close_at = at_utc((created + dt.timedelta(days=cycle)).date(), r.randint(14, 21),
                          r.randint(0, 59))
        if close_at <= created:
            close_at = created + dt.timedelta(hours=2)
        reopen = (not won and r.random() < 0.04) or (won and r.random() < 0.015)
        loss = r.choices([x[0] for x in LOSS_REASONS], [x[1] for x in LOSS_REASONS])[0]
        type_raw = "new business" if r.random() < 0.1 else "New Business"
        name = f"{company} - New Business"
        lead_source = deal["lead_source"]
        if lead is not None and r.random() < 0.05:
            lead_source = ""  # missing on the opportunity, present on the lead
        opp = self.make_opportunity(
            r, account=account, owner=owner, type_raw=type_raw, name=name, created=created,
            outcome="won" if won else "lost", close_at=close_at, amount=amount,
            currency=deal["currency"], lead_source=lead_source,
            campaign_id=deal["campaign_id"], loss_reason=loss, reopen=reopen)
        if lead is not None:
            lead["converted_account_id"] = account["id"]
            lead["converted_opportunity_id"] = opp["id"]
        # ~1% duplicates of the same account's deal, closed lost as 'Duplicate'
        if r.random() < 0.012:
            dup_created = created + dt.timedelta(days=r.uniform(0.2, 3))
            dup_close = dup_created + dt.timedelta(days=r.uniform(1, 7))
            self.make_opportunity(
                r, account=account, owner=owner, type_raw=type_raw, name=name,
                created=dup_created, outcome="lost", close_at=at_utc(dup_close.date(), 16),
                amount=amount, currency=deal["currency"], lead_source=lead_source,
                loss_reason="Duplicate", path=["Prospecting"])
        # a few soft-deleted junk opportunities
        if r.random() < 0.006:
            junk_close = created + dt.timedelta(days=1)
            self.make_opportunity(
                r, account=account, owner=owner, type_raw="New Business",
                name=f"{company} - test opp", created=created + dt.timedelta(hours=1),
                outcome="lost", close_at=junk_close, amount=1000.0, currency=deal["currency"],
                loss_reason="", path=["Prospecting"],
                deleted_at=min(EXTRACT_AT, created + dt.timedelta(days=2)))
        if opp["_won"]:
            self.won_new.append({"owner": owner["id"], "close": close_at.date(),
                                 "arr_usd": amount * self.fx_rate(deal["currency"], close_at),
                                 "segment": segment})
            start = at_utc((close_at + dt.timedelta(days=r.randint(0, 10))).date(),
                           r.randint(9, 18), r.randint(0, 59), r.randint(0, 59))
            self.run_customer(
                r, account=account, currency=deal["currency"], start=start, months=months,
                items=items, coupon=coupon, segment=segment, sales_led=True,
                setup_fee=segment != "SMB" and r.random() < 0.6, created=close_at)

    # ---------------------------------------------------------------- billing simulation
    def new_customer(self, r, *, name, email, currency, created, crm_account_id=None,
                     livemode=True) -> dict:
        """A Stripe customer; metadata carries the CRM account id when known."""
        meta = {"crm_account_id": crm_account_id} if crm_account_id else {}
        return self.add("billing", "customer", id=self.stripe_id("cus"), email=email, name=name,
                        created=fmt_ts(created), currency=currency.lower(), is_deleted="false",
                        livemode=fmt_bool(livemode),
                        metadata=json.dumps(meta, separators=(", ", ": ")))

    def run_customer(self, r, *, account, currency, start, months, items, coupon, segment,
                     sales_led, setup_fee, created) -> None:
        """Create the Stripe customer for a won account and simulate its subscriptions."""
        if created > EXTRACT_AT:
            return
        customer_created = min(EXTRACT_AT, created + dt.timedelta(hours=r.uniform(0.2, 20)))
        domain = account["name"].lower().replace(" ", "") + ".com"
        customer = self.new_customer(
            r, name=account["name"], email=f"billing@{domain}", currency=currency,
            created=customer_created, crm_account_id=account["id"])
        account["stripe_customer_id_c"] = customer["id"]
        if start > EXTRACT_AT:
            return  # signed, not yet live
        account["type"] = "Customer"
        ended = self.run_subscription(
            r, customer=customer, currency=currency, start=start, months=months, items=items,
            coupon=coupon, segment=segment, sales_led=sales_led, account=account,
            setup_fee=setup_fee)
        if ended is not None:
            account["type"] = "Former Customer"
            p_back = {"SMB": 0.2, "Mid-Market": 0.15, "Enterprise": 0.08}[segment]
            back = ended + dt.timedelta(days=r.uniform(45, 300))
            if r.random() < p_back and back < EXTRACT_AT - dt.timedelta(days=5):
                owner = self.pick_ae(segment, back.date(), r)
                tier, months2, seats = self.choose_plan(r, segment)
                items2 = [{"key": tier, "qty": seats}]
                amount = self.arr_of(items2, currency, months2)
                opp_created = back - dt.timedelta(days=r.uniform(10, 30))
                self.make_opportunity(
                    r, account=account, owner=owner, type_raw="New Business",
                    name=f"{account['name']} - Win-back", created=opp_created, outcome="won",
                    close_at=at_utc(back.date(), 15), amount=amount, currency=currency,
                    lead_source="Outbound", path=["Discovery", "Proposal"])
                self.won_new.append({"owner": owner["id"], "close": back.date(),
                                     "arr_usd": amount * self.fx_rate(currency, back),
                                     "segment": segment})
                ended2 = self.run_subscription(
                    r, customer=customer, currency=currency,
                    start=back + dt.timedelta(days=1), months=months2, items=items2,
                    coupon=None, segment=segment, sales_led=True, account=account,
                    setup_fee=False)
                account["type"] = "Customer" if ended2 is None else "Former Customer"

    def run_subscription(self, r, *, customer, currency, start, months, items, coupon=None,
                         segment="SMB", sales_led=False, account=None, setup_fee=False,
                         trial_days=0, trial_converts=True, livemode=True,
                         price_override=None, free=False) -> dt.datetime | None:
        """Simulate one subscription period by period and emit its billing rows.

        Emits subscription, items, discount, invoices (regular, proration, trial),
        invoice lines, charges and refunds; for sales-led customers also expansion and
        renewal opportunities. Returns the ended_at instant or None if still live.
        """
        sub_id = self.stripe_id("sub", 24)
        cus_id = customer["id"]
        live = fmt_bool(livemode)
        state = []
        for item in items:
            key = price_override or (item["key"], currency, months)
            state.append({"id": self.stripe_id("si"), "price": self.prices[key],
                          "key": item["key"], "qty": item["qty"], "created": start})
        sub = self.add("billing", "subscription", id=sub_id, customer_id=cus_id, status="",
                       created=fmt_ts(start), start_date=fmt_ts(start), trial_start="",
                       trial_end="", cancel_at_period_end="false", canceled_at="",
                       ended_at="", current_period_start="", current_period_end="",
                       livemode=live)
        coupon_rec = self.coupons.get(coupon) if coupon else None
        discount_end = None
        if coupon_rec:
            if coupon_rec["duration"] == "repeating":
                discount_end = add_months(start, int(coupon_rec["duration_in_months"]))
            self.add("billing", "discount", id=self.stripe_id("di"), type="subscription",
                     type_id=sub_id, coupon_id=coupon, customer_id=cus_id,
                     subscription_id=sub_id, start=fmt_ts(start),
                     end=fmt_ts(discount_end) if discount_end else "")
        inv_seq = [0]
        segment_key = segment
        anchor = start
        ended_at = None

        def record_mrr(frm, to):
            if free or not livemode:
                return
            for it in state:
                minor = it["price"]["_minor"] * it["qty"]
                major = minor if currency == "JPY" else minor / 100
                pct = (coupon_rec["_pct"] or 0) if coupon_rec and \
                    coupon_rec["duration"] == "forever" else 0
                self.mrr_intervals.append((frm, to, major / months * (1 - pct / 100), currency,
                                           segment_key, cus_id))

        if trial_days:
            trial_end = start + dt.timedelta(days=trial_days)
            sub["trial_start"], sub["trial_end"] = fmt_ts(start), fmt_ts(trial_end)
            lines = [{"item": it, "price": it["price"], "qty": it["qty"], "unit": 0,
                      "amount": 0, "proration": False, "ps": start, "pe": trial_end,
                      "desc": f"Trial period for {TIER_NAMES.get(it['key'], 'plan')}"}
                     for it in state]
            self._invoice(r, customer, sub_id, currency, start, start, trial_end, lines,
                          "subscription_create", inv_seq, livemode)
            if not trial_converts or trial_end > EXTRACT_AT:
                if trial_end > EXTRACT_AT:
                    sub.update(status="trialing", current_period_start=fmt_ts(start),
                               current_period_end=fmt_ts(trial_end))
                else:
                    sub.update(status="canceled", canceled_at=fmt_ts(trial_end),
                               ended_at=fmt_ts(trial_end), current_period_start=fmt_ts(start),
                               current_period_end=fmt_ts(trial_end))
                self._items(sub_id, state)
                return trial_end if trial_end <= EXTRACT_AT else None
            anchor = trial_end
        pending: list[tuple] = []  # (instant, kind, payload)
        boundary_change: dict | None = None
        k = 0
        status = "active"
        cancel_at_period_end = False
        canceled_at = None
        ps = pe = anchor
        while True:
            ps = add_months(anchor, k * months)
            pe = add_months(anchor, (k + 1) * months)
            if ps > EXTRACT_AT:
                break
            if boundary_change:
                for it in state:
                    if it is boundary_change["item"]:
                        it["qty"] = boundary_change["qty"]
                boundary_change = None
            # regular invoice
            lines = []
            for it in state:
                unit = it["price"]["_minor"]
                lines.append({"item": it, "price": it["price"], "qty": it["qty"], "unit": unit,
                              "amount": unit * it["qty"], "proration": False, "ps": ps,
                              "pe": pe,
                              "desc": f"{it['qty']} x {TIER_NAMES.get(it['key'], 'Free')}"})
            if k == 0 and setup_fee:
                fee = self.prices[("setup", currency, 0)]
                lines.append({"item": None, "price": fee, "qty": 1, "unit": fee["_minor"],
                              "amount": fee["_minor"], "proration": False, "ps": ps, "pe": ps,
                              "desc": "Onboarding and Setup Fee", "invoiceitem": True})
            if coupon_rec:
                self._apply_discount(coupon_rec, lines, k, ps, discount_end, currency)
            reason = "subscription_create" if k == 0 and not trial_days else "subscription_cycle"
            inv_ok = self._invoice(r, customer, sub_id, currency, ps, ps, pe, lines, reason,
                                   inv_seq, livemode, can_fail=not free)
            seg_from = ps
            if inv_ok == "uncollectible":
                canceled_at = ps + dt.timedelta(days=21)
                if canceled_at <= EXTRACT_AT:
                    record_mrr(seg_from, canceled_at)
                    ended_at = canceled_at
                    break
                status = "past_due"
            elif inv_ok == "open":
                status = "past_due"
            # ---- in-period events
            period_months = months
            events = [e for e in pending if e[0] < pe]
            pending = [e for e in pending if e[0] >= pe]
            if not free and livemode:
                month_cursor = ps
                while month_cursor < pe:
                    t = month_cursor + dt.timedelta(seconds=r.randrange(27 * 86400))
                    if sales_led:
                        if r.random() < (0.06 if segment != "SMB" else 0.035):
                            events.append((t, "expansion_opp", None))
                    elif r.random() < 0.03:
                        events.append((t, "self_serve_growth", None))
                    if months <= 3 and r.random() < 0.012:
                        events.append((t, "contraction", None))
                    month_cursor = add_months(month_cursor, 1)
                if months <= 3:
                    hazard = {"SMB": 0.028, "Mid-Market": 0.02, "Enterprise": 0.012}[segment]
                    if not sales_led:
                        hazard = 0.045
                    if r.random() < 1 - (1 - hazard) ** period_months:
                        t = ps + (pe - ps) * r.uniform(0.05, 0.95)
                        events.append((t, "cancel", "immediate" if r.random() < 0.07 else
                                       "period_end"))
                elif sales_led and account is not None:
                    self._renewal(r, account, state, currency, months, coupon_rec, pe, ps,
                                  events)
            elif free and r.random() < 0.08:
                t = ps + (pe - ps) * r.uniform(0.1, 0.9)
                events.append((t, "upgrade_from_free", None))
            events.sort(key=lambda e: e[0])
            ended_now = False
            while events:
                when, kind, payload = events.pop(0)
                if when > EXTRACT_AT:
                    continue
                if when >= pe:
                    pending.append((when, kind, payload))
                    continue
                if kind == "cancel":
                    canceled_at = when
                    if payload == "immediate":
                        record_mrr(seg_from, when)
                        ended_at = when
                        ended_now = True
                        break
                    cancel_at_period_end = True
                elif kind == "renewal_lost":
                    canceled_at = when
                    cancel_at_period_end = True
                elif kind == "renewal_won":
                    boundary_change = payload
                elif kind in ("contraction", "self_serve_growth", "expansion_close",
                              "upgrade_from_free"):
                    record_mrr(seg_from, when)  # the state before the change
                    seg_from = when
                    change = self._change(r, kind, state, currency, months, segment, payload)
                    if change is None:
                        continue
                    self._proration_invoice(r, customer, sub_id, currency, when, ps, pe,
                                            change, inv_seq, livemode)
                    if kind == "upgrade_from_free":
                        free = False
                elif kind == "expansion_opp" and not cancel_at_period_end:
                    created_events: list[tuple] = []
                    self._expansion_opp(r, account, state, currency, months, when,
                                        created_events, segment)
                    for event in created_events:
                        (events if event[0] < pe else pending).append(event)
                    events.sort(key=lambda e: e[0])
            if ended_now:
                break
            if cancel_at_period_end:
                if pe <= EXTRACT_AT:
                    record_mrr(seg_from, pe)
                    ended_at = pe
                else:
                    record_mrr(seg_from, None)
                break
            if pe > EXTRACT_AT:
                record_mrr(seg_from, None)
                break
            record_mrr(seg_from, pe)
            k += 1
        if ended_at is not None:
            status = "canceled"
        sub.update(status=status, cancel_at_period_end=fmt_bool(cancel_at_period_end),
                   canceled_at=fmt_ts(canceled_at) if canceled_at else "",
                   ended_at=fmt_ts(ended_at) if ended_at else "",
                   current_period_start=fmt_ts(ps), current_period_end=fmt_ts(pe))
        self._items(sub_id, state)
        return ended_at

    def _items(self, sub_id, state):
        for it in state:
            self.add("billing", "subscription_item", id=it["id"], subscription_id=sub_id,
                     price_id=it["price"]["id"], quantity=str(it["qty"]),
                     created=fmt_ts(it["created"]))

    def _apply_discount(self, coupon, lines, k, ps, discount_end, currency):
        duration = coupon["duration"]
        applies = duration == "forever" or (duration == "once" and k == 0) or (
            duration == "repeating" and discount_end is not None and ps < discount_end)
        if not applies:
            return
        if coupon["_pct"]:
            for line in lines:
                line["discount"] = round(line["amount"] * coupon["_pct"] / 100)
        elif coupon["_off"] and lines:
            lines[0]["discount"] = min(coupon["_off"], lines[0]["amount"])

    def _change(self, r, kind, state, currency, months, segment, payload):
        """Apply a quantity/price change to the state; return (old, new) line specs."""
        main = state[0]
        old = {"item": main, "price": main["price"], "qty": main["qty"], "key": main["key"]}
        if kind == "contraction":
            if main["qty"] <= 1:
                return None
            main["qty"] = max(1, main["qty"] - max(1, round(main["qty"] * r.uniform(0.1, 0.3))))
        elif kind == "self_serve_growth":
            main["qty"] += r.randint(1, 2)
        elif kind == "upgrade_from_free":
            main["key"] = "starter"
            main["price"] = self.prices[("starter", currency, months)]
            main["qty"] = r.randint(1, 3)
        elif kind == "expansion_close":
            if payload["kind"] == "seats":
                main["qty"] += payload["delta"]
            elif payload["kind"] == "tier" and main["key"] in NEXT_TIER:
                main["key"] = NEXT_TIER[main["key"]]
                main["price"] = self.prices[(main["key"], currency, months)]
            elif payload["kind"] == "addon" and not any(s["key"] == "addon" for s in state):
                new_item = {"id": self.stripe_id("si"), "key": "addon", "qty": 1,
                            "price": self.prices[("addon", currency, months)],
                            "created": payload["at"]}
                state.append(new_item)
                return {"old": None, "new": {"item": new_item, "price": new_item["price"],
                                             "qty": 1, "key": "addon"}}
            else:
                main["qty"] += payload["delta"]
        new = {"item": main, "price": main["price"], "qty": main["qty"], "key": main["key"]}
        return {"old": old, "new": new}

    def _proration_invoice(self, r, customer, sub_id, currency, when, ps, pe, change, inv_seq,
                           livemode):
        frac = (pe - when).total_seconds() / (pe - ps).total_seconds()
        lines = []
        if change["old"] is not None:
            o = change["old"]
            unit = o["price"]["_minor"]
            lines.append({"item": o["item"], "price": o["price"], "qty": o["qty"], "unit": unit,
                          "amount": -round(unit * o["qty"] * frac), "proration": True,
                          "ps": when, "pe": pe,
                          "desc": f"Unused time on {o['qty']} x "
                                  f"{TIER_NAMES.get(o['key'], 'Free')} after {when:%Y-%m-%d}"})
        n = change["new"]
        unit = n["price"]["_minor"]
        lines.append({"item": n["item"], "price": n["price"], "qty": n["qty"], "unit": unit,
                      "amount": round(unit * n["qty"] * frac), "proration": True, "ps": when,
                      "pe": pe, "desc": f"Remaining time on {n['qty']} x "
                                        f"{TIER_NAMES.get(n['key'], 'Free')} after "
                                        f"{when:%Y-%m-%d}"})
        self._invoice(r, customer, sub_id, currency, when, when, pe, lines,
                      "subscription_update", inv_seq, livemode)

    def _invoice(self, r, customer, sub_id, currency, created, ps, pe, lines, reason, inv_seq,
                 livemode, can_fail=False) -> str:
        """Emit an invoice with lines and its charges; return its status."""
        inv_id = self.stripe_id("in", 24)
        inv_seq[0] += 1
        number = f"{customer['id'][4:12].upper()}-{inv_seq[0]:04d}"
        subtotal = sum(line["amount"] for line in lines)
        discount = sum(line.get("discount", 0) for line in lines)
        taxable = max(0, subtotal - discount)
        tax_rate = {"eur": 0.2, "gbp": 0.2, "jpy": 0.1}.get(currency.lower(), 0.0)
        tax = round(taxable * tax_rate)
        total = subtotal - discount + tax
        due = max(0, total)
        status, paid_at, failed_at = "paid", created, None
        late = created > EXTRACT_AT - dt.timedelta(days=25)
        if due > 0 and can_fail and late and r.random() < 0.05:
            failed_at = created + dt.timedelta(minutes=r.randint(5, 90))
            status, paid_at = "open", None  # dunning still running at extraction
        elif due > 0 and can_fail and r.random() < 0.025:
            failed_at = created + dt.timedelta(minutes=r.randint(5, 90))
            if r.random() < 0.85:
                paid_at = created + dt.timedelta(days=r.uniform(3, 9))
                if paid_at > EXTRACT_AT:
                    status, paid_at = "open", None
            else:
                status, paid_at = "uncollectible", None
                if created + dt.timedelta(days=21) > EXTRACT_AT:
                    status = "open"
        live = fmt_bool(livemode)
        cur = currency.lower()
        self.add("billing", "invoice", id=inv_id, customer_id=customer["id"],
                 subscription_id=sub_id, number=number, status=status, billing_reason=reason,
                 currency=cur, created=fmt_ts(created), period_start=fmt_ts(ps),
                 period_end=fmt_ts(pe), subtotal=str(subtotal), tax=str(tax), total=str(total),
                 amount_paid=str(due if status == "paid" else 0), amount_due=str(due),
                 livemode=live)
        for line in lines:
            invoiceitem = line.get("invoiceitem", False)
            self.add("billing", "invoice_line_item", id=self.stripe_id("il", 24),
                     invoice_id=inv_id, subscription_id=sub_id,
                     subscription_item_id="" if invoiceitem else line["item"]["id"],
                     price_id=line["price"]["id"],
                     type="invoiceitem" if invoiceitem else "subscription",
                     proration=fmt_bool(line["proration"]), description=line["desc"],
                     period_start=fmt_ts(line["ps"]), period_end=fmt_ts(line["pe"]),
                     quantity=str(line["qty"]), unit_amount=str(line["unit"]),
                     amount=str(line["amount"]), discount_amount=str(line.get("discount", 0)),
                     currency=cur)
        if due > 0:
            if failed_at and failed_at <= EXTRACT_AT:
                self.add("billing", "charge", id=self.stripe_id("ch", 24),
                         customer_id=customer["id"], invoice_id=inv_id, amount=str(due),
                         amount_refunded="0", currency=cur, status="failed", paid="false",
                         refunded="false", created=fmt_ts(failed_at), livemode=live)
            if paid_at is not None:
                charge_at = paid_at + dt.timedelta(minutes=r.randint(1, 50)) if not failed_at \
                    else paid_at
                charge_at = min(charge_at, EXTRACT_AT)
                refund_amount = 0
                refund_at = None
                if r.random() < 0.015:
                    refund_amount = due if r.random() < 0.6 else due // 2
                    refund_at = charge_at + dt.timedelta(days=r.uniform(1, 20))
                    if refund_at > EXTRACT_AT:
                        refund_amount, refund_at = 0, None
                ch_id = self.stripe_id("ch", 24)
                self.add("billing", "charge", id=ch_id, customer_id=customer["id"],
                         invoice_id=inv_id, amount=str(due), amount_refunded=str(refund_amount),
                         currency=cur, status="succeeded", paid="true",
                         refunded=fmt_bool(refund_amount == due), created=fmt_ts(charge_at),
                         livemode=live)
                if refund_at:
                    self.add("billing", "refund", id=self.stripe_id("re", 24), charge_id=ch_id,
                             amount=str(refund_amount), currency=cur, status="succeeded",
                             reason=r.choice(["requested_by_customer", "duplicate",
                                              "requested_by_customer", "fraudulent"]),
                             created=fmt_ts(refund_at))
        return status

    def _expansion_opp(self, r, account, state, currency, months, when, pending, segment):
        if account is None:
            return
        owner = self.pick_ae(segment, when.date(), r)
        kind = r.choices(["seats", "tier", "addon"], [0.8, 0.1, 0.1])[0]
        main = state[0]
        if kind == "tier" and main["key"] not in NEXT_TIER:
            kind = "seats"
        if kind == "addon" and any(s["key"] == "addon" for s in state):
            kind = "seats"
        delta = max(1, round(main["qty"] * r.uniform(0.1, 0.4)))
        before = self.arr_of([{"key": s["key"], "qty": s["qty"]} for s in state], currency,
                             months)
        if kind == "seats":
            after_items = [{"key": s["key"], "qty": s["qty"] + (delta if s is main else 0)}
                           for s in state]
        elif kind == "tier":
            after_items = [{"key": NEXT_TIER[s["key"]] if s is main else s["key"],
                            "qty": s["qty"]} for s in state]
        else:
            after_items = [{"key": s["key"], "qty": s["qty"]} for s in state] + [
                {"key": "addon", "qty": 1}]
        amount = self.arr_of(after_items, currency, months) - before
        won = r.random() < 0.62
        close_at = at_utc((when + dt.timedelta(days=r.uniform(7, 45))).date(),
                          r.randint(14, 20), r.randint(0, 59))
        type_raw = "Upsell" if r.random() < 0.3 else "Expansion"
        loss = r.choice(["Price", "No Decision", "Timing", "Product Fit"])
        opp = self.make_opportunity(
            r, account=account, owner=owner, type_raw=type_raw,
            name=f"{account['name']} - {'Upsell' if type_raw == 'Upsell' else 'Expansion'} "
                 f"{when:%Y-%m}",
            created=when, outcome="won" if won else "lost", close_at=close_at, amount=amount,
            currency=currency, lead_source="",
            loss_reason=loss, path=["Discovery", "Proposal", "Negotiation"],
            amount_blank_early=False)
        if opp["_won"]:
            self.won_expansion.append({"owner": owner["id"], "close": close_at.date(),
                                       "arr_usd": amount * self.fx_rate(currency, close_at)})
            pending.append((close_at, "expansion_close",
                            {"won": True, "kind": kind, "delta": delta, "at": close_at}))

    def _renewal(self, r, account, state, currency, months, coupon_rec, pe, ps, events):
        """Renewal opportunity for the term ending at ``pe`` (annual and multi-year plans)."""
        created = pe - dt.timedelta(days=r.uniform(60, 100))
        if created > EXTRACT_AT or created < ps:
            return
        segment = account["_segment"]
        owner = self.pick_ae(segment, created.date(), r)
        pct = (coupon_rec["_pct"] or 0) if coupon_rec and coupon_rec["duration"] == "forever" \
            else 0
        prior = self.arr_of([{"key": s["key"], "qty": s["qty"]} for s in state], currency,
                            months, pct)
        p_win = {"SMB": 0.78, "Mid-Market": 0.82, "Enterprise": 0.82}[segment]
        won = r.random() < p_win
        close_at = at_utc((pe - dt.timedelta(days=r.uniform(-15, 25))).date(),
                          r.randint(14, 20), r.randint(0, 59))
        main = state[0]
        factor = r.choices([1.0, r.uniform(1.03, 1.3), r.uniform(0.75, 0.97)], [5, 3, 2])[0]
        new_qty = max(1, round(main["qty"] * factor))
        renewed = self.arr_of([{"key": s["key"], "qty": new_qty if s is main else s["qty"]}
                               for s in state], currency, months, pct)
        resolved = close_at <= EXTRACT_AT
        loss = r.choices(["Price", "Competitor", "No Decision", "Product Fit"], [3, 3, 2, 2])[0]
        self.make_opportunity(
            r, account=account, owner=owner, type_raw="Renewal",
            name=f"{account['name']} - Renewal {pe:%Y-%m}", created=created,
            outcome="won" if won else "lost", close_at=close_at,
            amount=renewed if (won and resolved) else prior, currency=currency,
            loss_reason=loss, path=["Discovery", "Proposal", "Negotiation"],
            amount_blank_early=False, renewal_due=pe.date(), prior_arr=prior)
        if not resolved:
            return
        # the decision takes effect at the term end; a late close still applies at pe
        effect_at = min(close_at, pe - dt.timedelta(seconds=1))
        if won:
            if new_qty != main["qty"]:
                events.append((effect_at, "renewal_won", {"item": main, "qty": new_qty}))
        else:
            events.append((effect_at, "renewal_lost", None))

    # ---------------------------------------------------------------- self-serve
    def build_self_serve(self) -> None:
        """Price-test trials (2024-Q3), other self-serve trials, free users, test customers."""
        r = self.rng("self_serve")
        exp_start = dt.datetime(2024, 7, 1, tzinfo=UTC)
        for i in range(400):
            assigned = exp_start + dt.timedelta(seconds=r.randrange(92 * 86400))
            variant = "A" if i % 2 == 0 else "B"
            price_key = ("starter", "USD", 1) if variant == "A" else ("starter_b", "USD", 1)
            converts = r.random() < (0.11 if variant == "A" else 0.09)
            cust = self._self_serve_trial(r, assigned, "USD", price_key, converts, country="US")
            self.add("finance", "price_test_assignment", assignment_id=f"pta_{i + 1:04d}",
                     experiment_id="pricing-2024-q3", variant=variant,
                     list_price="49.00" if variant == "A" else "59.00", currency="USD",
                     customer_id=cust["id"], assigned_at=fmt_ts(assigned, "us"))
        for month in month_starts():
            if dt.date(2024, 7, 1) <= month <= dt.date(2024, 9, 1):
                continue
            for _ in range(3):
                when = at_utc(month, 8) + dt.timedelta(seconds=r.randrange(27 * 86400))
                country, _, currency, _ = r.choices(COUNTRIES, [c[1] for c in COUNTRIES])[0]
                self._self_serve_trial(r, when, currency, ("starter", currency, 1),
                                       r.random() < 0.15, country=country)
        for _ in range(6):
            when = EXTRACT_AT - dt.timedelta(seconds=r.randrange(12 * 86400))
            self._self_serve_trial(r, when, "USD", ("starter", "USD", 1), r.random() < 0.5,
                                   country="US")
        for i in range(30):
            when = at_utc(month_starts()[r.randrange(30)], 9) + dt.timedelta(
                seconds=r.randrange(27 * 86400))
            first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
            cust = self.new_customer(
                r, name=f"{first} {last}",
                email=f"{first}.{last}{i}@gmail.com".lower().replace("'", "").replace(" ", ""),
                currency="USD", created=when)
            self.run_subscription(r, customer=cust, currency="USD", start=when, months=1,
                                  items=[{"key": "free", "qty": 1}],
                                  price_override=("free", "USD", 1), free=True)
        for i in range(8):
            when = at_utc(month_starts()[r.randrange(36)], 11)
            cust = self.new_customer(r, name=f"TEST Customer {i}", email=f"qa+{i}@test.com",
                                     currency="USD", created=when, livemode=False)
            self.run_subscription(r, customer=cust, currency="USD", start=when, months=1,
                                  items=[{"key": "growth", "qty": 3}], livemode=False)
        for i in range(5):  # deleted duplicates created by mistake
            when = at_utc(month_starts()[r.randrange(36)], 12)
            cust = self.new_customer(r, name=f"Duplicate customer {i}",
                                     email=f"dup{i}@example.com", currency="USD", created=when)
            cust["is_deleted"] = "true"

    def _self_serve_trial(self, r, when, currency, price_key, converts, country):
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        company = f"{last} {r.choice(COMPANY_WORDS_B)}"
        email = f"{first}.{last}@{company.replace(' ', '').lower()}.io".lower().replace("'", "")
        cust = self.new_customer(r, name=company, email=email, currency=currency, created=when)
        trial_end = when + dt.timedelta(days=14)
        account = None
        if converts and trial_end <= EXTRACT_AT:
            owner = self.pick_ae("SMB", trial_end.date(), r)
            account = self.new_account(r, name=company, segment="SMB", country=country,
                                       owner=owner, created=trial_end, source="Direct",
                                       employees=r.randint(2, 40))
            account["stripe_customer_id_c"] = cust["id"]
            account["type"] = "Customer"
            cust["metadata"] = json.dumps({"crm_account_id": account["id"]},
                                          separators=(", ", ": "))
        ended = self.run_subscription(
            r, customer=cust, currency=currency, start=when, months=1,
            items=[{"key": "starter", "qty": r.randint(1, 3)}], price_override=price_key,
            segment="SMB", trial_days=14, trial_converts=converts)
        if account is not None and ended is not None:
            account["type"] = "Former Customer"
        return cust

    # ---------------------------------------------------------------- finance
    def build_finance(self) -> None:
        """FX, gross margin, CPI, costs, revenue plan, quotas and forecasts."""
        r = self.rng("finance")
        months = month_starts()
        for month in months:
            for cur in CURRENCIES:
                self.add("finance", "fx_rate", month=month.isoformat(), currency=cur,
                         rate_to_reporting=f"{self.fx[(month, cur)]:.8f}")
        gm = 0.76
        cpi = 300.0
        for month in months:
            gm = min(0.82, max(0.75, gm + r.gauss(0.0015, 0.008)))
            self.add("finance", "gross_margin", month=month.isoformat(),
                     gross_margin_pct=f"{gm:.4f}")
            self.add("finance", "cpi", month=month.isoformat(), cpi_index=f"{cpi:.3f}")
            cpi *= 1 + r.gauss(0.0025, 0.0012)
        # costs
        won_by_month = defaultdict(float)
        for w in self.won_new:
            won_by_month[month_start_of(w["close"])] += w["arr_usd"]
        for w in self.won_expansion:
            won_by_month[month_start_of(w["close"])] += 0.5 * w["arr_usd"]
        for m_index, month in enumerate(months):
            aes = len(self.active_users("ae", month))
            sdrs = len(self.active_users("sdr", month))
            mgrs = len(self.active_users("mgr", month)) + len(self.active_users("vp", month))
            payroll = aes * 8200 + sdrs * 5600 + mgrs * 11500
            rows = [
                ("sales", "payroll", "", payroll * r.uniform(0.98, 1.02)),
                ("sales", "commissions", "", 0.10 * won_by_month[month]),
                ("sales", "tools", "", 3800 + 40 * m_index + r.uniform(-200, 200)),
                ("marketing", "payroll", "", (34000 + 550 * m_index) * r.uniform(0.98, 1.02)),
                ("marketing", "tools", "", 5200 + 60 * m_index + r.uniform(-300, 300)),
                ("marketing", "programs", "content", r.uniform(2500, 6000)),
                ("marketing", "programs", "webinar", r.uniform(1500, 4000)),
                ("marketing", "programs", "email", r.uniform(400, 1100)),
                ("marketing", "programs", "events",
                 r.uniform(15000, 40000) if month.month in (3, 6, 9, 11) else r.uniform(500,
                                                                                         2000)),
            ]
            for dept, cost_type, channel, amount in rows:
                self.add("finance", "sales_marketing_cost", month=month.isoformat(),
                         department=dept, cost_type=cost_type, channel=channel,
                         amount=f"{amount:.2f}", currency="USD")
        # revenue plan from the simulated month-end MRR, in USD
        actual = defaultdict(float)
        for month in months:
            month_end = add_months(month, 1) - dt.timedelta(days=1)
            snap = at_utc(month_end, 23, 59, 59)
            rate = {c: self.fx[(month, c)] for c in CURRENCIES}
            for frm, to, mrr, cur, seg, _ in self.mrr_intervals:
                if frm <= snap and (to is None or to > snap):
                    actual[(month, seg)] += mrr * rate[cur]
        for month in months:
            for seg in SEGMENTS:
                base = actual[(month, seg)]
                planned = base * (1 + 0.06 * math.sin(months.index(month) / 5) + r.gauss(0.02,
                                                                                         0.03))
                self.add("finance", "revenue_plan", month=month.isoformat(), segment=seg,
                         planned_mrr=f"{max(planned, 1000.0):.2f}")
        # quotas: per AE per month, from the segment's realised average (+20%), with ramp
        seg_total = defaultdict(float)
        seg_rep_months = defaultdict(int)
        for w in self.won_new:
            if w["close"] >= START_DATE:
                seg_total[w["segment"]] += w["arr_usd"]
        for month in months:
            for u in self.active_users("ae", month):
                seg_rep_months[u["_segment"]] += 1
        for month in months:
            for u in self.active_users("ae", month):
                seg = u["_segment"]
                base = seg_total[seg] / max(1, seg_rep_months[seg]) * 1.2
                tenure = (month.year - u["_start"].year) * 12 + month.month - u["_start"].month
                ramp = 0.25 if tenure < 1 else 0.5 if tenure < 2 else 0.75 if tenure < 3 else 1
                quota = round(base * ramp / 500) * 500
                self.add("finance", "quota", month=month.isoformat(), user_id=u["id"],
                         quota_new_arr=f"{quota:.2f}")
        # forecasts: per AE per quarter, submitted on the quarter's first business day
        won_q = defaultdict(float)
        for w in self.won_new:
            q = dt.date(w["close"].year, 3 * ((w["close"].month - 1) // 3) + 1, 1)
            won_q[(q, w["owner"])] += w["arr_usd"]
        for q in [m for m in months if m.month in (1, 4, 7, 10)]:
            first_bd = q
            while first_bd.weekday() >= 5 or (first_bd.month == 1 and first_bd.day == 1):
                first_bd += dt.timedelta(days=1)
            for u in self.active_users("ae", first_bd):
                bias = 1 + (u["_skill"] - 1) * -0.5
                forecast = won_q[(q, u["id"])] * bias * r.uniform(0.75, 1.3)
                if forecast < 1000:
                    forecast = r.uniform(5000, 20000)
                submitted = at_utc(first_bd, 14, r.randint(0, 59)) + dt.timedelta(
                    hours=r.uniform(0, 6))
                self.add("finance", "sales_forecast", quarter_start=q.isoformat(),
                         user_id=u["id"], forecast_new_arr=f"{round(forecast, -2):.2f}",
                         submitted_at=fmt_ts(submitted, u["_tz"]))

    # ---------------------------------------------------------------- orchestration
    def build(self) -> DemoCompany:
        """Run every step in a fixed order; returns self."""
        self.build_fx()
        self.build_users()
        self.build_catalogue()
        self.build_campaigns()
        converted = self.build_leads()
        self.build_new_business(converted)
        self.build_self_serve()
        self.build_finance()
        self.rows[("crm", "user")] = list(self.users)
        # soft-deleted junk accounts
        r = self.rng("junk_accounts")
        for i in range(8):
            owner = self.users[1 + i % 3]
            self.add("crm", "account", id=self.sf_id("001"), name=f"Duplicate Account {i}",
                     industry="", billing_country_code="US", number_of_employees="",
                     type="Prospect", owner_id=owner["id"], account_source="",
                     created_date=fmt_ts(at_utc(month_starts()[r.randrange(36)], 15), "us"),
                     is_deleted="true", segment_c="", stripe_customer_id_c="")
        return self

    def write(self, out_dir: Path) -> dict[str, int]:
        """Write every table to ``out_dir/<source>/raw_<source>__<table>.csv``.

        Returns row counts per ``<source>.<table>``.
        """
        counts = {}
        for (source, table), columns in SCHEMAS.items():
            path = out_dir / source / f"raw_{source}__{table}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = self.rows.get((source, table), [])
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([row.get(c, "") if row.get(c) is not None else ""
                                     for c in columns])
            counts[f"{source}.{table}"] = len(rows)
        (out_dir / "_raw__seeds.yml").write_text(seeds_yaml(), encoding="utf-8")
        return counts


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Build the demo company with ``seed`` and write its raw CSVs under ``out_dir``.

    Returns row counts per ``<source>.<table>``. Deterministic: same seed, same bytes.
    """
    return DemoCompany(seed).build().write(Path(out_dir))


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out-dir", type=Path,
                        default=Path(__file__).resolve().parent.parent / "seeds" / "raw")
    args = parser.parse_args(argv)
    counts = generate(args.out_dir, args.seed)
    for name, n in counts.items():
        print(f"{name:60s} {n:7d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
