"""The project's raw layer (docs/architecture.md "Raw layer") and a writer for it.

`RAW_LAYOUT` lists every raw table of every source with its exact column order, as the
connectors land them. `write_raw_dataset()` writes one CSV per table (header always, rows
where given) into `<out_dir>/<source>/<table>.csv`, which is what the source-mode vars
`<source>_external_location = "<out_dir>/<source>/{name}.csv"` read.

`parse_architecture_raw_layout()` re-reads the contract from docs/architecture.md so a test
can prove that `RAW_LAYOUT` has not drifted from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

RAW_LAYOUT: dict[str, dict[str, list[str]]] = {
    "crm": {
        "user": [
            "id", "name", "email", "title", "department", "division", "manager_id",
            "user_role_id", "is_active", "created_date", "start_date_c", "_fivetran_deleted",
        ],
        "account": [
            "id", "name", "industry", "billing_country_code", "number_of_employees", "type",
            "owner_id", "account_source", "created_date", "is_deleted", "segment_c",
            "stripe_customer_id_c",
        ],
        "lead": [
            "id", "email", "first_name", "last_name", "company", "title", "industry",
            "number_of_employees", "country", "status", "lead_source", "owner_id",
            "created_date", "is_converted", "converted_date", "converted_account_id",
            "converted_opportunity_id", "is_deleted", "sales_qualified_date_c",
            "utm_campaign_c",
        ],
        "opportunity": [
            "id", "name", "account_id", "owner_id", "type", "stage_name", "amount",
            "currency_iso_code", "probability", "created_date", "close_date", "is_closed",
            "is_won", "lead_source", "campaign_id", "forecast_category_name", "is_deleted",
            "loss_reason_c", "renewal_due_date_c", "prior_arr_c",
        ],
        "opportunity_history": [
            "id", "_fivetran_start", "_fivetran_end", "_fivetran_active", "stage_name",
            "amount", "probability", "close_date", "is_deleted",
        ],
        "campaign": [
            "id", "name", "type", "status", "start_date", "end_date", "budgeted_cost",
            "actual_cost", "is_active", "is_deleted", "ad_platform_c", "ad_campaign_id_c",
        ],
        "campaign_member": [
            "id", "campaign_id", "lead_id", "status", "has_responded", "first_responded_date",
            "created_date", "is_deleted",
        ],
        "task": [
            "id", "who_id", "owner_id", "subject", "type", "activity_date", "created_date",
            "is_deleted",
        ],
    },
    "marketing": {
        "google_ads_campaign_stats": [
            "id", "customer_id", "date", "cost_micros", "clicks", "impressions",
        ],
        "google_ads_campaign_history": [
            "id", "name", "customer_id", "updated_at", "status", "currency_code",
        ],
        "facebook_ads_basic_campaign": [
            "campaign_id", "date", "account_id", "spend", "impressions", "inline_link_clicks",
            "account_currency",
        ],
        "facebook_ads_campaign_history": ["id", "account_id", "name", "updated_time"],
        "linkedin_ads_analytics_by_campaign": [
            "campaign_id", "day", "cost_in_local_currency", "cost_in_usd", "clicks",
            "impressions", "currency",
        ],
        "linkedin_ads_campaign_history": ["id", "name", "account_id", "last_modified_time"],
        "microsoft_ads_campaign_performance_daily_report": [
            "date", "account_id", "campaign_id", "currency_code", "spend", "clicks",
            "impressions",
        ],
        "microsoft_ads_campaign_history": ["id", "name", "account_id", "modified_time"],
        "lead_event": [
            "id", "lead_id", "email", "event_type", "occurred_at", "score_delta",
            "score_after", "asset_name",
        ],
    },
    "billing": {
        "customer": [
            "id", "email", "name", "created", "currency", "is_deleted", "livemode", "metadata",
        ],
        "product": ["id", "name", "active", "is_deleted", "type"],
        "price": [
            "id", "product_id", "nickname", "currency", "unit_amount", "type",
            "recurring_interval", "recurring_interval_count", "recurring_usage_type", "active",
            "created", "is_deleted",
        ],
        "subscription": [
            "id", "customer_id", "status", "created", "start_date", "trial_start", "trial_end",
            "cancel_at_period_end", "canceled_at", "ended_at", "current_period_start",
            "current_period_end", "livemode",
        ],
        "subscription_item": ["id", "subscription_id", "price_id", "quantity", "created"],
        "coupon": [
            "id", "name", "percent_off", "amount_off", "currency", "duration",
            "duration_in_months", "created",
        ],
        "discount": [
            "id", "type", "type_id", "coupon_id", "customer_id", "subscription_id", "start",
            "end",
        ],
        "invoice": [
            "id", "customer_id", "subscription_id", "number", "status", "billing_reason",
            "currency", "created", "period_start", "period_end", "subtotal", "tax", "total",
            "amount_paid", "amount_due", "livemode",
        ],
        "invoice_line_item": [
            "id", "invoice_id", "subscription_id", "subscription_item_id", "price_id", "type",
            "proration", "description", "period_start", "period_end", "quantity",
            "unit_amount", "amount", "discount_amount", "currency",
        ],
        "charge": [
            "id", "customer_id", "invoice_id", "amount", "amount_refunded", "currency",
            "status", "paid", "refunded", "created", "livemode",
        ],
        "refund": ["id", "charge_id", "amount", "currency", "status", "reason", "created"],
    },
    "finance": {
        "fx_rate": ["month", "currency", "rate_to_reporting"],
        "gross_margin": ["month", "gross_margin_pct"],
        "sales_marketing_cost": [
            "month", "department", "cost_type", "channel", "amount", "currency",
        ],
        "revenue_plan": ["month", "segment", "planned_mrr"],
        "cpi": ["month", "cpi_index"],
        "quota": ["month", "user_id", "quota_new_arr"],
        "sales_forecast": ["quarter_start", "user_id", "forecast_new_arr", "submitted_at"],
        "price_test_assignment": [
            "assignment_id", "experiment_id", "variant", "list_price", "currency",
            "customer_id", "assigned_at",
        ],
    },
}

# A raw dataset: {(source, table): [row, ...]}, each row a {column: value} dict. Values are
# written as text; None and "" are written as an empty field (NULL on read).
RawTables = Mapping[tuple[str, str], Iterable[Mapping[str, object]]]


def parse_architecture_raw_layout(architecture_md: Path) -> dict[str, dict[str, list[str]]]:
    """Read the raw-layer tables of docs/architecture.md.

    Args:
        architecture_md: path to docs/architecture.md.

    Returns:
        {source: {table: [column, ...]}} in document order, parenthesised notes such as
        "(campaign id)" removed from the column lists.

    Raises:
        ValueError: the "## Raw layer" section is missing.
    """
    text = architecture_md.read_text(encoding="utf-8")
    match = re.search(r"^## Raw layer.*?(?=^## )", text, flags=re.S | re.M)
    if match is None:
        raise ValueError(f"no '## Raw layer' section in {architecture_md}")
    layout: dict[str, dict[str, list[str]]] = {}
    source = None
    for line in match.group(0).splitlines():
        heading = re.match(r"^### (\w+)", line)
        if heading:
            source = heading.group(1)
            layout[source] = {}
            continue
        row = re.match(r"^\| `(\w+)` \| (.*) \|\s*$", line)
        if row and source is not None:
            columns_text = row.group(2)
            while re.search(r"\([^()]*\)", columns_text):
                columns_text = re.sub(r"\([^()]*\)", "", columns_text)
            columns = [column.strip() for column in columns_text.split(",")]
            layout[source][row.group(1)] = [column for column in columns if column]
    return layout


def csv_field(value: object) -> str:
    """Format one value as a CSV field (RFC 4180).

    None and "" give an empty field; booleans give true/false. A field is quoted when it
    holds a comma, a quote, a line break or leading/trailing blanks (DD02's
    " Buyer.One@Example.com " keeps its blanks); quotes inside are doubled.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if any(character in text for character in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def write_raw_dataset(tables: RawTables, out_dir: Path) -> Path:
    """Write a complete raw layer: every table of `RAW_LAYOUT`, most of them header-only.

    Args:
        tables: rows per (source, table); every column must belong to that table.
        out_dir: directory to create; files go to `<out_dir>/<source>/<table>.csv`.

    Returns:
        out_dir.

    Raises:
        KeyError: a (source, table) that is not in the raw layout.
        ValueError: a row holds a column that the table does not have.
    """
    for key in tables:
        if key[0] not in RAW_LAYOUT or key[1] not in RAW_LAYOUT[key[0]]:
            raise KeyError(f"{key} is not a raw table of docs/architecture.md")
    for source, source_tables in RAW_LAYOUT.items():
        source_dir = out_dir / source
        source_dir.mkdir(parents=True, exist_ok=True)
        for table, columns in source_tables.items():
            lines = [",".join(columns)]
            for row in tables.get((source, table), []):
                unknown = set(row) - set(columns)
                if unknown:
                    raise ValueError(f"{source}.{table} has no column(s) {sorted(unknown)}")
                lines.append(",".join(csv_field(row.get(column)) for column in columns))
            (source_dir / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out_dir


def header_only_tables(raw_dir: Path) -> list[str]:
    """'<source>.<table>' of every landed CSV under raw_dir with a header and no row.

    A fixture that lands only the tables its case is about writes the others header-only on
    purpose; the project stops on an empty raw table unless var raw_tables_allowed_empty
    lists it, so the fixture's vars list exactly these.
    """
    empty = []
    for path in sorted(Path(raw_dir).glob("*/*.csv")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            lines = [line for _, line in zip(range(2), handle, strict=False) if line.strip()]
        if len(lines) <= 1:
            empty.append(f"{path.parent.name}.{path.stem}")
    return empty


def external_location_vars(raw_dir: Path) -> dict[str, object]:
    """The source-mode vars that point the project at a raw layer written here.

    Returns:
        {"raw_data_mode": "source", "<source>_external_location": "<raw_dir>/<source>/{name}.csv",
        "raw_tables_allowed_empty": [the header-only tables]} for crm, marketing, billing and
        finance (dbt-duckdb renders `{name}` as the connector table name).
    """
    locations = {
        f"{source}_external_location": f"{Path(raw_dir).resolve()}/{source}/{{name}}.csv"
        for source in RAW_LAYOUT
    }
    return {
        "raw_data_mode": "source",
        **locations,
        "raw_tables_allowed_empty": header_only_tables(raw_dir),
    }
