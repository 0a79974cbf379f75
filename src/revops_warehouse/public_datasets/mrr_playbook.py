"""dbt Labs MRR playbook `subscription_periods` -> billing customer, product, price,
subscription, subscription_item, invoice + invoice_line_item (one per month of service),
finance fx_rate USD = 1. Mapping and rules: docs/public_datasets.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    PROJECT_DIR,
    SHARED_DATA_DIR,
    MappingResult,
    MappingRun,
    fx_rows,
    iso_midnight,
    months_between,
    parse_dates,
    read_published_csv,
)

DATASET = "mrr_playbook"
DEFAULT_SOURCE_DIR = SHARED_DATA_DIR / "dbt_mrr_playbook"
DBT_VARS = {
    "reporting_start_month": "2017-09-01",  # first start_date
    # The last month with service: the latest end_date is 2020-02-01 (exclusive). February
    # 2020 is outside the data (nothing starts or is billed in it), so the calendar stops at
    # January 2020 and the four periods that end on 2020-02-01 are scheduled ends, not churn.
    "as_of_date": "2020-01-31",
    "company_time_zone": "UTC",
}
PRODUCT_ID = "prod_mrr_playbook"


def cents(amount: str) -> str:
    """Major-unit text ('50' or '50.5') -> minor units text ('5000', '5050')."""
    return str(int(round(float(amount) * 100)))


def map_dataset(
    source_dir: Path = DEFAULT_SOURCE_DIR, out_dir: Path | None = None
) -> MappingResult:
    """Map the playbook's subscription periods into data/public/mrr_playbook/raw/."""
    source_dir = Path(source_dir)
    out_dir = Path(out_dir or PROJECT_DIR / "data" / "public" / DATASET)
    run = MappingRun(DATASET)
    file_name = "subscription_periods.csv"
    published = read_published_csv(source_dir / file_name)
    run.log_file_facts(published)
    periods = published.frame
    as_of = pd.Timestamp(DBT_VARS["as_of_date"])

    periods["start"] = parse_dates(periods["start_date"], "%Y-%m-%d")
    periods["end"] = parse_dates(periods["end_date"], "%Y-%m-%d")
    amount = pd.to_numeric(periods["monthly_amount"].replace("", None), errors="coerce")
    reasons = pd.Series("", index=periods.index)
    reasons[periods["subscription_id"].duplicated()] = "duplicate subscription_id"
    reasons[(reasons == "") & periods["start"].isna()] = "no start_date"
    reasons[(reasons == "") & amount.isna()] = "monthly_amount not a number"
    reasons[(reasons == "") & (amount < 0)] = "negative monthly_amount"
    reasons[(reasons == "") & periods["end"].notna() & (periods["end"] <= periods["start"])] = (
        "end_date not after start_date"
    )
    not_first = (periods["start"].dt.day != 1) | (
        periods["end"].notna() & (periods["end"].dt.day != 1)
    )
    reasons[(reasons == "") & not_first] = (
        "date not on the first of a month (monthly lines assume it)"
    )
    reasons[(reasons == "") & (periods["start"] > as_of)] = "starts after as_of_date"
    for reason in sorted(set(reasons) - {""}):
        run.reject(file_name, periods[reasons == reason], "subscription_id", reason)
    run.log(
        "REJECT",
        "rows that cannot be used -> rejected_rows.csv",
        file_name,
        "(row)",
        int((reasons != "").sum()),
    )
    periods = periods[reasons == ""].copy()
    periods["customer"] = "cus_" + periods["customer_id"]
    periods["subscription"] = "sub_" + periods["subscription_id"]
    periods["price"] = "price_usd_month_" + periods["monthly_amount"].map(cents)

    # overlapping periods of one customer would be double-counted by anybody; show them
    ordered = periods.sort_values(["customer", "start"])
    overlap = ordered["start"] < ordered.groupby("customer")["end"].shift()
    run.log(
        "OVERLAP",
        "periods of one customer that overlap (kept: both count)",
        file_name,
        "start_date,end_date",
        int(overlap.sum()),
    )
    run.log(
        "END_EXCLUSIVE",
        "end_date is exclusive (first day without service; D2)",
        file_name,
        "end_date",
        int(periods["end"].notna().sum()),
    )
    scheduled = periods["end"] > as_of  # service runs past the last day of the data
    run.log(
        "SCHEDULED_END",
        f"end_date after as_of_date {DBT_VARS['as_of_date']}: subscription "
        "'active' with cancel_at_period_end, not ended",
        file_name,
        "end_date",
        int(scheduled.sum()),
    )

    first_start = periods.groupby("customer")["start"].min()
    customers = pd.DataFrame(
        {
            "id": first_start.index,
            "created": first_start.map(iso_midnight).values,
            "currency": "usd",
            "is_deleted": "false",
            "livemode": "true",
            "metadata": "{}",
        }
    )
    run.put("billing", "customer", run.frame("billing", "customer", customers))
    run.put(
        "billing",
        "product",
        run.frame(
            "billing",
            "product",
            [
                {
                    "id": PRODUCT_ID,
                    "name": "MRR playbook subscription",
                    "active": "true",
                    "is_deleted": "false",
                    "type": "service",
                }
            ],
        ),
    )
    prices = periods.groupby("price").agg(
        amount=("monthly_amount", "first"), created=("start", "min")
    )
    run.put(
        "billing",
        "price",
        run.frame(
            "billing",
            "price",
            pd.DataFrame(
                {
                    "id": prices.index,
                    "product_id": PRODUCT_ID,
                    "nickname": prices["amount"].values + " USD monthly",
                    "currency": "usd",
                    "unit_amount": prices["amount"].map(cents).values,
                    "type": "recurring",
                    "recurring_interval": "month",
                    "recurring_interval_count": "1",
                    "recurring_usage_type": "licensed",
                    "active": "true",
                    "created": prices["created"].map(iso_midnight).values,
                    "is_deleted": "false",
                }
            ),
        ),
    )

    # one invoice (and one line) per subscription and month of service
    lines = []
    for period in periods.itertuples():
        last = min(period.end - pd.Timedelta(days=1) if pd.notna(period.end) else as_of, as_of)
        for number, month in enumerate(pd.date_range(period.start, last, freq="MS"), start=1):
            lines.append(
                {
                    "subscription": period.subscription,
                    "customer": period.customer,
                    "price": period.price,
                    "amount": cents(period.monthly_amount),
                    "month": month,
                    "next": month + pd.offsets.MonthBegin(1),
                    "number": number,
                }
            )
    lines = pd.DataFrame(lines)
    run.log(
        "INVOICE_PER_MONTH",
        "one paid invoice with one subscription line per month of "
        "service, [month start, next month start); months after as_of_date not billed",
        file_name,
        "start_date,end_date",
        len(periods),
        f"{len(lines)} lines",
    )
    is_canceled = periods["end"].notna() & ~scheduled
    last_month = lines.groupby("subscription")["month"].max()
    subscriptions = pd.DataFrame(
        {
            "id": periods["subscription"],
            "customer_id": periods["customer"],
            "status": is_canceled.map({True: "canceled", False: "active"}),
            "created": periods["start"].map(iso_midnight),
            "start_date": periods["start"].map(iso_midnight),
            "cancel_at_period_end": (scheduled).map({True: "true", False: "false"}),
            "ended_at": periods["end"].where(is_canceled).map(iso_midnight),
            "current_period_start": periods["subscription"].map(last_month).map(iso_midnight),
            "current_period_end": periods["subscription"]
            .map(last_month + pd.offsets.MonthBegin(1))
            .map(iso_midnight),
            "livemode": "true",
        }
    )
    run.put("billing", "subscription", run.frame("billing", "subscription", subscriptions))
    run.put(
        "billing",
        "subscription_item",
        run.frame(
            "billing",
            "subscription_item",
            pd.DataFrame(
                {
                    "id": "si_" + periods["subscription_id"],
                    "subscription_id": periods["subscription"],
                    "price_id": periods["price"],
                    "quantity": "1",
                    "created": periods["start"].map(iso_midnight),
                }
            ),
        ),
    )
    suffix = (
        lines["subscription"].str.removeprefix("sub_") + "_" + lines["month"].dt.strftime("%Y%m")
    )
    run.put(
        "billing",
        "invoice",
        run.frame(
            "billing",
            "invoice",
            pd.DataFrame(
                {
                    "id": "in_" + suffix,
                    "customer_id": lines["customer"],
                    "subscription_id": lines["subscription"],
                    "number": "PB-" + suffix,
                    "status": "paid",
                    "billing_reason": lines["number"].map(
                        lambda n: "subscription_create" if n == 1 else "subscription_cycle"
                    ),
                    "currency": "usd",
                    "created": lines["month"].map(iso_midnight),
                    "period_start": lines["month"].map(iso_midnight),
                    "period_end": lines["next"].map(iso_midnight),
                    "subtotal": lines["amount"],
                    "tax": "0",
                    "total": lines["amount"],
                    "amount_paid": lines["amount"],
                    "amount_due": lines["amount"],
                    "livemode": "true",
                }
            ),
        ),
    )
    run.put(
        "billing",
        "invoice_line_item",
        run.frame(
            "billing",
            "invoice_line_item",
            pd.DataFrame(
                {
                    "id": "il_" + suffix,
                    "invoice_id": "in_" + suffix,
                    "subscription_id": lines["subscription"],
                    "subscription_item_id": "si_" + lines["subscription"].str.removeprefix("sub_"),
                    "price_id": lines["price"],
                    "type": "subscription",
                    "proration": "false",
                    "description": "MRR playbook subscription",
                    "period_start": lines["month"].map(iso_midnight),
                    "period_end": lines["next"].map(iso_midnight),
                    "quantity": "1",
                    "unit_amount": lines["amount"],
                    "amount": lines["amount"],
                    "discount_amount": "0",
                    "currency": "usd",
                }
            ),
        ),
    )

    months = months_between(DBT_VARS["reporting_start_month"], DBT_VARS["as_of_date"])
    run.put("finance", "fx_rate", run.frame("finance", "fx_rate", fx_rows(months)))
    return run.write(out_dir)
