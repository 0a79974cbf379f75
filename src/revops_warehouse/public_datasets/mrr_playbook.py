"""dbt Labs MRR playbook `subscription_periods` -> the simple billing layout
`billing.subscription_period` (var billing_layout: subscription_periods): one row per period,
no invented prices, invoices or FX rows. Mapping and rules: docs/public_datasets.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    PROJECT_DIR,
    SHARED_DATA_DIR,
    MappingResult,
    MappingRun,
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
    "billing_layout": "subscription_periods",
}
PLAN_NAME = "MRR playbook subscription"


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
        f"end_date after as_of_date {DBT_VARS['as_of_date']}: a scheduled end, in force "
        "on every month-end of the data (not churn)",
        file_name,
        "end_date",
        int(scheduled.sum()),
    )

    # the simple billing layout (billing_layout: subscription_periods): the periods as
    # published, no invented prices, subscriptions, invoices or FX rows (USD is the
    # reporting currency)
    run.put_simple(
        "billing",
        "subscription_period",
        pd.DataFrame(
            {
                "customer_id": periods["customer"],
                "subscription_id": periods["subscription"],
                "plan": PLAN_NAME,
                "start_date": periods["start_date"],
                "end_date": periods["end_date"],
                "mrr": periods["monthly_amount"],
                "currency": "USD",
            }
        ),
    )
    run.log(
        "SUBSCRIPTION_PERIODS",
        "periods landed as the simple billing layout subscription_period (MRR read "
        "directly by the MRR engine; no invoices)",
        file_name,
        "start_date,end_date,monthly_amount",
        len(periods),
    )
    return run.write(out_dir)
