"""The raw layer's contract: tables, columns, types and seed descriptions."""

from __future__ import annotations

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
        "is_deleted", "sales_qualified_date_c", "utm_campaign_c",
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


# Type names that differ between DuckDB, Postgres and Spark, templated on the target as the
# contracts are (issue 14; tests/python/test_portable_sql.py).
PORTABLE_YAML_TYPES = {
    "varchar": "\"{{ 'string' if target.type == 'spark' else 'varchar' }}\"",
    "double": "\"{{ 'double' if target.type in ('duckdb', 'spark') else 'double precision' }}\"",
}


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
            kind = column_type(source, table, column)
            lines.append(f"        {column}: {PORTABLE_YAML_TYPES.get(kind, kind)}")
    return "\n".join(lines) + "\n"

