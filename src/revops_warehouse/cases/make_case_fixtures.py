"""Turn each fault case of ../shared/cases into a complete raw-layout dataset.

Deterministic converter: it reads a case's small input files from
`<cases_dir>/<CASE_ID>/` (default `<repo>/../shared/cases`, override with the
environment variable FAULT_CASES_DIR) and returns the rows of every raw table the case
needs, in the connectors' layout of docs/architecture.md "Raw layer" (Salesforce-like CRM,
marketing events, Stripe-like billing in minor units, finance). `write_case()` writes the
whole raw layer (every table of every source, most of them header-only) so that the real
project can be built on it through its raw switch (`raw_data_mode: source` and the four
`<source>_external_location` vars).

Nothing is copied from ../shared into the repo: the files are converted at test time.

Mapping (one entry per case; the reasons are in `CaseBuild.notes`):

* TB02, NZ01 (subscriptions: amount per billing period, [start, end)): Stripe customer,
  price (month x billing_period_months, cents), subscription (start_date, ended_at = end),
  subscription_item, and one `subscription` invoice + invoice line per billed service
  period [start, start + interval) whose start is on or before the as-of date (the MRR
  engine takes history from invoice lines, SH01). A CRM account per customer, USD fx rows.
* TB03 (billing-system layout): price year x 1 or month x 1; invoice lines from
  created_at stepping by the plan interval up to the as-of date; current_period_end is a
  term end, so the subscription stays active with no ended_at.
* PN01: Monthly = month x 1, Annual = year x 1, 2-Year = year x 2, 3-Year = year x 3
  (quantity = seats); One-Time = a `one_time` price billed as an `invoiceitem` line with no
  subscription (Stripe cannot put a one-time price on a subscription item).
  `unknown_billing_term=True` adds a price whose recurring_interval is 'quarter', which a
  Stripe export never holds: the build must fail on it.
* PN02 (prepaid orders): price month x term_months, one subscription
  [order_date, order_date + term_months) billed once, nothing renews.
* SH01: the invoice lines as given (one price per distinct unit amount) and the current
  subscription item (10 x 25).
* NZ02 (month-end MRR series): one customer, one monthly subscription per month with MRR
  > 0, [month_start, next month_start), so the month-end MRRs equal the series.
* DD02: CRM leads (emails verbatim, blanks and case included), `mql` lead events,
  opportunities with Salesforce stage names, loss_reason_c 'Duplicate' / 'Price'.
* WR01: CRM opportunities as given (open deals keep their expected close_date).
* TZ01: won opportunities whose close_date holds `closed_at` verbatim (ISO-8601 with
  offset; staging's company_date() converts it to the company time zone) and whose
  Closed Won history row starts at `closed_at`; plus one lead per row created at
  `closed_at`, so a true CRM timestamp column is bucketed by month as well.
* CU03: one invoice + one `invoiceitem` line per row, amount in the minor unit, currency
  code in lower case as given.
* CSV01: big_leads.csv as CRM leads (id, company, email; created_date constant), row
  order kept so the only quoted field stays on the last line.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from ..paths import PROJECT_DIR
from .raw_layout import external_location_vars, write_raw_dataset

CASE_IDS = (
    "TB02", "TB03", "PN01", "PN02", "SH01", "NZ01",
    "NZ02", "DD02", "WR01", "CU03", "CSV01", "TZ01",
)
OWNER_USER_ID = "U-1"


def cases_dir() -> Path:
    """Directory holding the fault cases: $FAULT_CASES_DIR or <repo>/../shared/cases."""
    return Path(os.environ.get("FAULT_CASES_DIR", PROJECT_DIR.parent / "shared" / "cases"))


def read_case_csv(case_id: str, file_name: str, base_dir: Path | None = None) -> list[dict]:
    """Rows of `<cases_dir>/<case_id>/<file_name>` as dicts of text ('' for empty).

    Raises:
        FileNotFoundError: the case file is absent.
    """
    path = (base_dir or cases_dir()) / case_id / file_name
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- dates and formats ----------------------------------------------------------------


def parse_date(text: str) -> date:
    """'YYYY-MM-DD' as a date."""
    return date.fromisoformat(text.strip()[:10])


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (Stripe anchors)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def month_end(day: date) -> date:
    """Last day of the month containing `day`."""
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def iso_ts(day: date, clock: str = "00:00:00") -> str:
    """A UTC ISO-8601 timestamp with offset, as connectors land them."""
    return f"{day.isoformat()}T{clock}+00:00"


def minor_units(amount: str | Decimal | int, exponent: int = 2) -> int:
    """A major-unit amount as an integer in the currency's minor unit."""
    value = Decimal(str(amount)) * (Decimal(10) ** exponent)
    if value != value.to_integral_value():
        raise ValueError(f"{amount} has more decimals than the currency allows")
    return int(value)


# --- the result -------------------------------------------------------------------------


@dataclass
class CaseBuild:
    """A case as a raw dataset plus the project vars it must be built with.

    Attributes:
        case_id: e.g. "TB02".
        tables: {(source, table): [row dict, ...]} in the raw layout.
        vars: project vars for the case (as_of_date, reporting_start_month, ...).
        notes: mapping decisions a reader of the test needs to know.
    """

    case_id: str
    tables: dict[tuple[str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))
    vars: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, source: str, table: str, **row: object) -> None:
        """Append one raw row."""
        self.tables[(source, table)].append(row)

    def rows(self, source: str, table: str) -> list[dict]:
        """The rows of one raw table (empty list if none)."""
        return list(self.tables.get((source, table), []))


def write_case(case: CaseBuild, raw_dir: Path) -> dict[str, object]:
    """Write the case's complete raw layer under raw_dir; return the dbt vars to build it.

    Returns:
        The case's vars plus raw_data_mode=source and the four *_external_location vars.
    """
    write_raw_dataset(case.tables, raw_dir)
    return {**case.vars, **external_location_vars(raw_dir)}


# --- shared builders --------------------------------------------------------------------


class Billing:
    """Stripe-like billing rows for one case (amounts in minor units, USD by default)."""

    def __init__(self, case: CaseBuild, as_of: date, currency: str = "usd") -> None:
        self.case = case
        self.as_of = as_of
        self.currency = currency
        self.customers: set[str] = set()
        self.products: set[str] = set()
        self.invoice_count = 0

    def customer(self, customer_id: str, created: date, currency: str | None = None) -> None:
        """One billing customer, linked to a CRM account (acc_<id>) through metadata."""
        if customer_id in self.customers:
            return
        self.customers.add(customer_id)
        account_id = f"acc_{customer_id}"
        self.case.add(
            "billing", "customer",
            id=customer_id, email=f"billing+{customer_id.lower()}@example.com",
            name=f"Customer {customer_id}", created=iso_ts(created),
            currency=currency or self.currency, is_deleted=False, livemode=True,
            metadata=json.dumps({"crm_account_id": account_id}),
        )
        self.case.add(
            "crm", "account",
            id=account_id, name=f"Account {customer_id}", industry="Software",
            billing_country_code="US", number_of_employees=50, type="Customer",
            owner_id=OWNER_USER_ID, account_source="Web", created_date=iso_ts(created),
            is_deleted=False, segment_c="SMB", stripe_customer_id_c=customer_id,
        )

    def price(
        self, price_id: str, unit_amount: int, *, interval: str | None = "month",
        interval_count: int | None = 1, price_type: str = "recurring",
        currency: str | None = None, created: date, nickname: str = "",
    ) -> None:
        """One price (unit_amount in the minor unit) of the case's single product."""
        product_id = f"prod_{self.case.case_id}"
        if product_id not in self.products:
            self.products.add(product_id)
            self.case.add(
                "billing", "product",
                id=product_id, name=f"{self.case.case_id} plan", active=True,
                is_deleted=False, type="service",
            )
        recurring = price_type == "recurring"
        self.case.add(
            "billing", "price",
            id=price_id, product_id=product_id, nickname=nickname or price_id,
            currency=currency or self.currency, unit_amount=unit_amount, type=price_type,
            recurring_interval=interval if recurring else None,
            recurring_interval_count=interval_count if recurring else None,
            recurring_usage_type="licensed" if recurring else None,
            active=True, created=iso_ts(created), is_deleted=False,
        )

    def invoice_with_line(
        self, *, customer_id: str, subscription_id: str | None, subscription_item_id: str | None,
        price_id: str | None, line_type: str, period_start: date, period_end: date,
        quantity: int, unit_amount: int, currency: str | None = None,
        line_id: str | None = None, invoice_id: str | None = None, proration: bool = False,
        billing_reason: str = "subscription_cycle",
    ) -> None:
        """One paid invoice holding one line (amounts in the minor unit)."""
        self.invoice_count += 1
        invoice_id = invoice_id or f"in_{self.case.case_id}_{self.invoice_count:03d}"
        amount = quantity * unit_amount
        currency = currency or self.currency
        self.case.add(
            "billing", "invoice",
            id=invoice_id, customer_id=customer_id, subscription_id=subscription_id,
            number=f"{self.case.case_id}-{self.invoice_count:04d}", status="paid",
            billing_reason=billing_reason, currency=currency, created=iso_ts(period_start),
            period_start=iso_ts(period_start), period_end=iso_ts(period_end),
            subtotal=amount, tax=0, total=amount, amount_paid=amount, amount_due=amount,
            livemode=True,
        )
        self.case.add(
            "billing", "invoice_line_item",
            id=line_id or f"il_{invoice_id}", invoice_id=invoice_id,
            subscription_id=subscription_id, subscription_item_id=subscription_item_id,
            price_id=price_id, type=line_type, proration=proration,
            description=f"{quantity} x {price_id}", period_start=iso_ts(period_start),
            period_end=iso_ts(period_end), quantity=quantity, unit_amount=unit_amount,
            amount=amount, discount_amount=0, currency=currency,
        )

    def subscription(
        self, subscription_id: str, customer_id: str, *, price_id: str, unit_amount: int,
        interval_months: int, quantity: int, start: date, end: date | None,
        current_period: tuple[date, date] | None = None,
    ) -> list[tuple[date, date]]:
        """A one-item subscription billed in advance every `interval_months`.

        Invoice lines cover [start + k x interval, start + (k + 1) x interval) for every
        period that starts on or before the as-of date and before `end` (exclusive).
        `ended_at` = `end` (D2); status canceled once `end` <= as-of, else active.

        Returns:
            The billed service periods.

        Raises:
            ValueError: `current_period` is given and differs from the last billed period.
        """
        self.customer(customer_id, start)
        item_id = f"si_{subscription_id}"
        periods: list[tuple[date, date]] = []
        period_index = 0
        while True:
            period_start = add_months(start, period_index * interval_months)
            if period_start > self.as_of or (end is not None and period_start >= end):
                break
            periods.append((period_start, add_months(start, (period_index + 1) * interval_months)))
            period_index += 1
        if current_period is not None and periods and periods[-1] != current_period:
            raise ValueError(
                f"{subscription_id}: billed period {periods[-1]} != current period {current_period}"
            )
        last_period = periods[-1] if periods else (start, add_months(start, interval_months))
        has_ended = end is not None and end <= self.as_of
        self.case.add(
            "billing", "subscription",
            id=subscription_id, customer_id=customer_id,
            status="canceled" if has_ended else "active", created=iso_ts(start),
            start_date=iso_ts(start), cancel_at_period_end=end is not None,
            canceled_at=iso_ts(start) if end is not None else None,
            ended_at=iso_ts(end) if end is not None else None,
            current_period_start=iso_ts(last_period[0]),
            current_period_end=iso_ts(last_period[1]), livemode=True,
        )
        self.case.add(
            "billing", "subscription_item",
            id=item_id, subscription_id=subscription_id, price_id=price_id,
            quantity=quantity, created=iso_ts(start),
        )
        for number, (period_start, period_end) in enumerate(periods):
            self.invoice_with_line(
                customer_id=customer_id, subscription_id=subscription_id,
                subscription_item_id=item_id, price_id=price_id, line_type="subscription",
                period_start=period_start, period_end=period_end, quantity=quantity,
                unit_amount=unit_amount,
                billing_reason="subscription_create" if number == 0 else "subscription_cycle",
            )
        return periods


def add_owner(case: CaseBuild, created: date) -> None:
    """The single CRM user who owns every account, lead and opportunity of a case."""
    case.add(
        "crm", "user",
        id=OWNER_USER_ID, name="Casey Case", email="casey.case@example.com",
        title="Account Executive", department="Sales", division="SMB", manager_id=None,
        user_role_id="R-AE", is_active=True, created_date=iso_ts(created),
        start_date_c=created.isoformat(), _fivetran_deleted=False,
    )


def add_usd_fx_rates(case: CaseBuild, first_month: date, as_of: date) -> None:
    """finance.fx_rate rows USD = 1 for every month from first_month to the as-of month."""
    month = first_month.replace(day=1)
    while month <= as_of:
        case.add("finance", "fx_rate", month=month.isoformat(), currency="USD",
                 rate_to_reporting="1.0")
        month = add_months(month, 1)


def calendar_vars(as_of: date, start_month: date, time_zone: str = "UTC") -> dict[str, object]:
    """The project vars of a case's calendar."""
    return {
        "as_of_date": as_of.isoformat(),
        "reporting_start_month": start_month.replace(day=1).isoformat(),
        "company_time_zone": time_zone,
        "reporting_currency": "USD",
    }


def subscription_case(case_id: str, as_of: date, start_month: date, rows: list[dict]) -> CaseBuild:
    """TB02/NZ01 layout: subscription_id, customer_id, amount, billing_period_months,
    start_date, end_date (exclusive, empty = open)."""
    case = CaseBuild(case_id, vars=calendar_vars(as_of, start_month))
    add_owner(case, start_month)
    add_usd_fx_rates(case, start_month, as_of)
    billing = Billing(case, as_of)
    for row in rows:
        start = parse_date(row["start_date"])
        months = int(row["billing_period_months"])
        price_id = f"price_{row['subscription_id']}"
        unit_amount = minor_units(row["amount"])
        billing.customer(row["customer_id"], start)
        billing.price(price_id, unit_amount, interval="month", interval_count=months,
                      created=start)
        billing.subscription(
            row["subscription_id"], row["customer_id"], price_id=price_id,
            unit_amount=unit_amount, interval_months=months, quantity=1, start=start,
            end=parse_date(row["end_date"]) if row["end_date"].strip() else None,
        )
    case.notes.append(
        "subscription -> Stripe customer/price/subscription/item + one invoice line per "
        "billed period starting on or before as_of; end_date -> ended_at"
    )
    return case


def month_end_mrr(rows: list[dict], month_ends: list[date]) -> dict[tuple[str, date], Decimal]:
    """Independent check of a subscription fixture: MRR per (customer, month_end) (D1, D2)."""
    result: dict[tuple[str, date], Decimal] = defaultdict(Decimal)
    for row in rows:
        start = parse_date(row["start_date"])
        end = parse_date(row["end_date"]) if row["end_date"].strip() else None
        for snapshot in month_ends:
            if start <= snapshot and (end is None or end > snapshot):
                result[(row["customer_id"], snapshot)] += (
                    Decimal(row["amount"]) / Decimal(row["billing_period_months"])
                )
    return dict(result)


# --- the cases --------------------------------------------------------------------------


def build_tb02(base_dir: Path | None = None) -> CaseBuild:
    """TB02: live customers must not churn when the calendar ends; April must be there."""
    rows = read_case_csv("TB02", "subscriptions.csv", base_dir)
    return subscription_case("TB02", date(2024, 4, 15), date(2024, 1, 1), rows)


def build_nz01(base_dir: Path | None = None) -> CaseBuild:
    """NZ01: churn month carries an explicit 0, not NULL.

    Raises:
        ValueError: subscriptions.csv and customer_month_mrr.csv disagree.
    """
    rows = read_case_csv("NZ01", "subscriptions.csv", base_dir)
    expected = {
        (row["customer_id"], parse_date(row["month_end"])): Decimal(row["mrr"])
        for row in read_case_csv("NZ01", "customer_month_mrr.csv", base_dir)
    }
    month_ends = [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
    if month_end_mrr(rows, month_ends) != expected:
        raise ValueError("NZ01 subscriptions.csv and customer_month_mrr.csv disagree")
    case = subscription_case("NZ01", date(2024, 3, 31), date(2024, 1, 1), rows)
    case.notes.append("driven by subscriptions.csv; customer_month_mrr.csv checked equal")
    return case


def build_tb03(base_dir: Path | None = None) -> CaseBuild:
    """TB03: annual plan, current_period_end is a term end, not an end date."""
    as_of = date(2024, 3, 15)
    case = CaseBuild("TB03", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    billing = Billing(case, as_of)
    interval_months = {"month": 1, "year": 12}
    for row in read_case_csv("TB03", "subscriptions.csv", base_dir):
        start = parse_date(row["created_at"])
        if row["canceled_at"].strip():
            raise ValueError("TB03 converter expects active subscriptions only")
        price_id = f"price_{row['subscription_id']}"
        unit_amount = minor_units(row["plan_amount"])
        billing.customer(row["customer_id"], start)
        billing.price(price_id, unit_amount, interval=row["plan_interval"], interval_count=1,
                      created=start)
        billing.subscription(
            row["subscription_id"], row["customer_id"], price_id=price_id,
            unit_amount=unit_amount, interval_months=interval_months[row["plan_interval"]],
            quantity=1, start=start, end=None,
            current_period=(parse_date(row["current_period_start"]),
                            parse_date(row["current_period_end"])),
        )
    case.notes.append(
        "plan_interval year/month -> price year x 1 / month x 1; invoice lines from "
        "created_at by interval up to as_of (the converter checks the last one equals "
        "current_period_start/end); no ended_at"
    )
    return case


PN01_TERMS = {
    # billing_term: (price type, recurring_interval, recurring_interval_count, months)
    "monthly": ("recurring", "month", 1, 1),
    "annual": ("recurring", "year", 1, 12),
    "2-year": ("recurring", "year", 2, 24),
    "3-year": ("recurring", "year", 3, 36),
    "one-time": ("one_time", None, None, None),
}


def build_pn01(base_dir: Path | None = None, unknown_billing_term: bool = False) -> CaseBuild:
    """PN01: 2-year / 3-year terms normalised to a month; one-time fees are not MRR.

    Args:
        unknown_billing_term: add customer C-46 on a price whose recurring_interval is
            'quarter' (not a Stripe interval); the project must fail the build on it.

    Raises:
        ValueError: a billing term of the case file that the converter does not know.
    """
    as_of = date(2024, 1, 31)
    case = CaseBuild("PN01" + ("_unknown_term" if unknown_billing_term else ""),
                     vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    billing = Billing(case, as_of)
    for row in read_case_csv("PN01", "subscriptions.csv", base_dir):
        term = row["billing_term"].strip().lower()
        if term not in PN01_TERMS:
            raise ValueError(f"PN01: unknown billing term {row['billing_term']!r}")
        price_type, interval, count, months = PN01_TERMS[term]
        start = parse_date(row["start_date"])
        price_id = f"price_{row['subscription_id']}"
        unit_amount = minor_units(row["price"])
        quantity = int(row["quantity"])
        billing.customer(row["customer_id"], start)
        billing.price(price_id, unit_amount, interval=interval, interval_count=count,
                      price_type=price_type, created=start, nickname=row["billing_term"])
        if price_type == "one_time":
            billing.invoice_with_line(
                customer_id=row["customer_id"], subscription_id=None,
                subscription_item_id=None, price_id=price_id, line_type="invoiceitem",
                period_start=start, period_end=start, quantity=quantity,
                unit_amount=unit_amount, billing_reason="manual",
                line_id=f"il_{row['subscription_id']}",
            )
            continue
        billing.subscription(
            row["subscription_id"], row["customer_id"], price_id=price_id,
            unit_amount=unit_amount, interval_months=months, quantity=quantity,
            start=start, end=None,
        )
    if unknown_billing_term:
        start = date(2024, 1, 1)
        billing.customer("C-46", start)
        billing.price("price_A-6", 30000, interval="quarter", interval_count=1,
                      created=start, nickname="Quarterly")
        billing.subscription("A-6", "C-46", price_id="price_A-6", unit_amount=30000,
                             interval_months=3, quantity=1, start=start, end=None)
    case.notes.append(
        "Monthly/Annual/2-Year/3-Year -> price month x1 / year x1 / year x2 / year x3, "
        "quantity on item and lines; One-Time -> one_time price on an invoiceitem line "
        "without subscription"
    )
    return case


def build_pn02(base_dir: Path | None = None) -> CaseBuild:
    """PN02: a prepaid multi-month order is spread over the months it pays for."""
    as_of = date(2025, 1, 31)
    case = CaseBuild("PN02", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    billing = Billing(case, as_of)
    for row in read_case_csv("PN02", "orders.csv", base_dir):
        start = parse_date(row["order_date"])
        term = int(row["term_months"])
        end = add_months(start, term)
        subscription_id = f"sub_PN02_{row['order_id']}"
        price_id = f"price_PN02_{row['order_id']}"
        unit_amount = minor_units(row["amount"])
        billing.customer(row["customer_id"], start)
        billing.price(price_id, unit_amount, interval="month", interval_count=term,
                      created=start, nickname=f"{term}-month prepaid")
        periods = billing.subscription(
            subscription_id, row["customer_id"], price_id=price_id, unit_amount=unit_amount,
            interval_months=term, quantity=1, start=start, end=end,
        )
        assert periods == [(start, end)], periods
    case.notes.append(
        "order -> price month x term_months, subscription [order_date, +term) ended_at = "
        "end, one invoice line; nothing renews"
    )
    return case


def build_sh01(base_dir: Path | None = None) -> CaseBuild:
    """SH01: history from invoice lines; the current item (10 x 25) must not leak back."""
    as_of = date(2024, 4, 30)
    case = CaseBuild("SH01", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    billing = Billing(case, as_of)
    (item,) = read_case_csv("SH01", "subscription_items.csv", base_dir)
    lines = read_case_csv("SH01", "invoice_line_items.csv", base_dir)
    start = parse_date(item["created_at"])
    customer_id = item["customer_id"]
    subscription_id = f"sub_{customer_id}"
    billing.customer(customer_id, start)
    prices = {}
    for unit in sorted({Decimal(line["unit_amount"]) for line in lines} |
                       {Decimal(item["unit_amount"])}):
        prices[unit] = f"price_SH01_{minor_units(unit)}"
        billing.price(prices[unit], minor_units(unit), interval="month", interval_count=1,
                      created=start)
    last_line = max(lines, key=lambda line: line["period_start"])
    case.add(
        "billing", "subscription",
        id=subscription_id, customer_id=customer_id, status="active", created=iso_ts(start),
        start_date=iso_ts(start), cancel_at_period_end=False,
        current_period_start=iso_ts(parse_date(last_line["period_start"])),
        current_period_end=iso_ts(parse_date(last_line["period_end"])), livemode=True,
    )
    case.add(
        "billing", "subscription_item",
        id=item["subscription_item_id"], subscription_id=subscription_id,
        price_id=prices[Decimal(item["unit_amount"])], quantity=int(item["quantity"]),
        created=iso_ts(start),
    )
    for number, line in enumerate(lines):
        unit = Decimal(line["unit_amount"])
        billing.invoice_with_line(
            customer_id=customer_id, subscription_id=subscription_id,
            subscription_item_id=line["subscription_item_id"], price_id=prices[unit],
            line_type="subscription", period_start=parse_date(line["period_start"]),
            period_end=parse_date(line["period_end"]), quantity=int(line["quantity"]),
            unit_amount=minor_units(unit), line_id=line["invoice_line_id"],
            proration=line["is_proration"].strip().lower() == "true",
            billing_reason="subscription_create" if number == 0 else "subscription_cycle",
        )
    case.notes.append(
        "invoice lines as given (one price per distinct unit amount); subscription_item "
        "holds today's 10 x 25"
    )
    return case


def build_nz02(base_dir: Path | None = None) -> CaseBuild:
    """NZ02: MRR series 100, 0, 50, 0, 0 from monthly subscriptions of one customer."""
    series = [(parse_date(row["month_end"]), Decimal(row["mrr"]))
              for row in read_case_csv("NZ02", "monthly_mrr.csv", base_dir)]
    rows = []
    for snapshot, mrr in series:
        if mrr > 0:
            month_start = snapshot.replace(day=1)
            rows.append({
                "subscription_id": f"sub_NZ02_{month_start:%Y_%m}", "customer_id": "C-N1",
                "amount": str(mrr), "billing_period_months": "1",
                "start_date": month_start.isoformat(),
                "end_date": add_months(month_start, 1).isoformat(),
            })
    month_ends = [snapshot for snapshot, _ in series]
    computed = month_end_mrr(rows, month_ends)
    if [computed.get(("C-N1", snapshot), Decimal(0)) for snapshot in month_ends] != [
        mrr for _, mrr in series
    ]:
        raise ValueError("NZ02 subscriptions do not reproduce monthly_mrr.csv")
    case = subscription_case("NZ02", month_ends[-1], month_ends[0], rows)
    case.notes.append("one customer, one monthly subscription per month with MRR > 0")
    return case


def crm_opportunity(
    case: CaseBuild, *, opportunity_id: str, account_id: str, stage_name: str, amount: str,
    created: str, close_date: str, is_closed: bool, is_won: bool, loss_reason: str = "",
    close_moment: str | None = None, opportunity_type: str = "New Business",
) -> None:
    """One Salesforce opportunity plus its Fivetran history rows (open stage, then closed).

    `created` is ISO-8601 text; `close_date` is what the CRM's close_date column holds
    (a date, or in TZ01 the close timestamp with offset); `close_moment` (ISO-8601) is when
    a closed deal reached its closed stage (default: close_date at 12:00 UTC).
    """
    probability = 100 if is_won else (0 if is_closed else 20)
    case.add(
        "crm", "opportunity",
        id=opportunity_id, name=f"Deal {opportunity_id}", account_id=account_id,
        owner_id=OWNER_USER_ID, type=opportunity_type, stage_name=stage_name, amount=amount,
        currency_iso_code="USD", probability=probability, created_date=created,
        close_date=close_date, is_closed=is_closed, is_won=is_won, lead_source=None,
        forecast_category_name="Closed" if is_won else ("Omitted" if is_closed else "Pipeline"),
        is_deleted=False, loss_reason_c=loss_reason or None,
    )
    open_stage = stage_name if not is_closed else "Discovery"
    if not is_closed:
        case.add(
            "crm", "opportunity_history",
            id=opportunity_id, _fivetran_start=created,
            _fivetran_end="9999-12-31T23:59:59+00:00", _fivetran_active=True,
            stage_name=open_stage, amount=amount, probability=probability,
            close_date=close_date, is_deleted=False,
        )
        return
    closed_at = close_moment or f"{close_date[:10]}T12:00:00+00:00"
    case.add(
        "crm", "opportunity_history",
        id=opportunity_id, _fivetran_start=created, _fivetran_end=closed_at,
        _fivetran_active=False, stage_name=open_stage, amount=amount, probability=20,
        close_date=close_date, is_deleted=False,
    )
    case.add(
        "crm", "opportunity_history",
        id=opportunity_id, _fivetran_start=closed_at,
        _fivetran_end="9999-12-31T23:59:59+00:00", _fivetran_active=True,
        stage_name=stage_name, amount=amount, probability=probability,
        close_date=close_date, is_deleted=False,
    )


def crm_account(case: CaseBuild, account_id: str, created: date) -> None:
    """A CRM prospect account (no billing customer)."""
    case.add(
        "crm", "account",
        id=account_id, name=f"Account {account_id}", industry="Software",
        billing_country_code="US", number_of_employees=50, type="Prospect",
        owner_id=OWNER_USER_ID, account_source="Web", created_date=iso_ts(created),
        is_deleted=False, segment_c="SMB", stripe_customer_id_c=None,
    )


def crm_lead(case: CaseBuild, *, lead_id: str, email: str, created: str, lead_source: str,
             company: str = "") -> None:
    """One Salesforce lead (not converted, not deleted)."""
    case.add(
        "crm", "lead",
        id=lead_id, email=email, first_name="Lead", last_name=lead_id,
        company=company or f"Company {lead_id}", status="Open - Not Contacted",
        lead_source=lead_source, owner_id=OWNER_USER_ID, created_date=created,
        is_converted=False, is_deleted=False,
    )


def build_dd02(base_dir: Path | None = None) -> CaseBuild:
    """DD02: duplicate leads (e-mail case/blanks) and a duplicate deal closed as lost."""
    as_of = date(2024, 3, 31)
    case = CaseBuild("DD02", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    for row in read_case_csv("DD02", "leads.csv", base_dir):
        crm_lead(case, lead_id=row["lead_id"], email=row["email"],
                 created=iso_ts(parse_date(row["created_date"]), "12:00:00"),
                 lead_source=row["lead_source"])
        if row["mql_date"].strip():
            case.add(
                "marketing", "lead_event",
                id=f"ev_{row['lead_id']}_mql", lead_id=row["lead_id"], email=row["email"],
                event_type="mql", occurred_at=iso_ts(parse_date(row["mql_date"]), "12:00:00"),
                score_delta=0, score_after=60, asset_name=None,
            )
    accounts: dict[str, str] = {}
    for row in read_case_csv("DD02", "deals.csv", base_dir):
        email = row["contact_email"].strip().lower()
        if email not in accounts:
            accounts[email] = f"acc_DD02_{len(accounts) + 1}"
            crm_account(case, accounts[email], date(2024, 3, 1))
        status = row["status"].strip().lower()
        crm_opportunity(
            case, opportunity_id=row["opportunity_id"], account_id=accounts[email],
            stage_name={"won": "Closed Won", "lost": "Closed Lost"}.get(status, "Discovery"),
            amount=row["amount"], created=iso_ts(parse_date(row["created_date"]), "12:00:00"),
            close_date=row["closed_date"], is_closed=status in ("won", "lost"),
            is_won=status == "won", loss_reason=row["loss_reason"].strip().capitalize(),
        )
    case.notes.append(
        "leads -> crm.lead (emails verbatim), mql_date -> marketing.lead_event 'mql' at "
        "12:00 UTC; deals -> crm.opportunity, one account per contact e-mail, loss_reason "
        "-> loss_reason_c capitalised ('Duplicate', 'Price')"
    )
    return case


def build_wr01(base_dir: Path | None = None) -> CaseBuild:
    """WR01: win rate, close rate and open pipeline use three different populations."""
    as_of = date(2024, 3, 31)
    case = CaseBuild("WR01", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    crm_account(case, "acc_WR01", date(2024, 1, 1))
    for row in read_case_csv("WR01", "opportunities.csv", base_dir):
        if row["opp_type"].strip().lower() != "new":
            raise ValueError("WR01 converter maps new-business opportunities only")
        crm_opportunity(
            case, opportunity_id=row["opportunity_id"], account_id="acc_WR01",
            stage_name=row["stage_name"], amount=row["amount"],
            created=iso_ts(parse_date(row["created_date"]), "12:00:00"),
            close_date=row["close_date"], is_closed=row["is_closed"].strip() == "true",
            is_won=row["is_won"].strip() == "true",
        )
    case.notes.append("opportunities as given; open deals keep the expected close_date")
    return case


def build_tz01(base_dir: Path | None = None, company_time_zone: str = "UTC") -> CaseBuild:
    """TZ01: close timestamps with offsets, bucketed in the company time zone.

    Args:
        company_time_zone: var company_time_zone of the build ('UTC' or 'Europe/Paris').
    """
    as_of = date(2024, 2, 29)
    case = CaseBuild(f"TZ01_{company_time_zone.replace('/', '_')}",
                     vars=calendar_vars(as_of, date(2024, 1, 1), company_time_zone))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    crm_account(case, "acc_TZ01", date(2024, 1, 1))
    for row in read_case_csv("TZ01", "closed_opportunities.csv", base_dir):
        if row["status"].strip() != "won":
            raise ValueError("TZ01 converter expects won opportunities only")
        crm_opportunity(
            case, opportunity_id=row["opportunity_id"], account_id="acc_TZ01",
            stage_name="Closed Won", amount=row["amount"],
            created="2024-01-15T12:00:00+00:00", close_date=row["closed_at"],
            close_moment=row["closed_at"], is_closed=True, is_won=True,
        )
        crm_lead(case, lead_id=f"lead_{row['opportunity_id']}",
                 email=f"{row['opportunity_id'].lower()}@example.com",
                 created=row["closed_at"], lead_source="Webinar")
    case.notes.append(
        "closed_at -> opportunity.close_date verbatim (ISO-8601 with offset; Salesforce's "
        "CloseDate is a date, but the raw contract allows offset text and staging's "
        "company_date() converts it) and -> the Closed Won history row's _fivetran_start; "
        "also one lead per row with created_date = closed_at (a true timestamp column)"
    )
    return case


def build_cu03(base_dir: Path | None = None) -> CaseBuild:
    """CU03: minor units per currency (JPY and KRW have none)."""
    as_of = date(2024, 1, 31)
    case = CaseBuild("CU03", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    billing = Billing(case, as_of)
    issued = date(2024, 1, 15)
    for row in read_case_csv("CU03", "invoice_lines.csv", base_dir):
        currency = row["currency"]
        price_id = f"price_{row['invoice_id']}"
        billing.customer(row["customer_id"], issued, currency=currency)
        billing.price(price_id, int(row["amount"]), price_type="one_time", currency=currency,
                      created=issued)
        billing.invoice_with_line(
            customer_id=row["customer_id"], subscription_id=None, subscription_item_id=None,
            price_id=price_id, line_type="invoiceitem", period_start=issued,
            period_end=issued, quantity=1, unit_amount=int(row["amount"]),
            currency=currency, invoice_id=row["invoice_id"], billing_reason="manual",
        )
    case.notes.append("one invoice + one invoiceitem line per row; amounts and lower-case "
                      "currency codes as given")
    return case


def build_csv01(base_dir: Path | None = None) -> CaseBuild:
    """CSV01: 25,000 leads whose only quoted field is on the last line."""
    as_of = date(2024, 1, 31)
    case = CaseBuild("CSV01", vars=calendar_vars(as_of, date(2024, 1, 1)))
    add_owner(case, date(2024, 1, 1))
    add_usd_fx_rates(case, date(2024, 1, 1), as_of)
    for row in read_case_csv("CSV01", "big_leads.csv", base_dir):
        crm_lead(case, lead_id=row["lead_id"], email=row["email"],
                 created="2024-01-15T12:00:00+00:00", lead_source="Webinar",
                 company=row["company"])
    case.notes.append("big_leads.csv -> crm.lead (id, company, email), file order kept")
    return case


BUILDERS = {
    "TB02": build_tb02, "TB03": build_tb03, "PN01": build_pn01, "PN02": build_pn02,
    "SH01": build_sh01, "NZ01": build_nz01, "NZ02": build_nz02, "DD02": build_dd02,
    "WR01": build_wr01, "CU03": build_cu03, "CSV01": build_csv01, "TZ01": build_tz01,
}


def build_case(case_id: str, base_dir: Path | None = None, **options: object) -> CaseBuild:
    """Convert one case (see the module docstring for the mapping).

    Args:
        case_id: one of CASE_IDS.
        base_dir: directory of the cases (default `cases_dir()`).
        options: builder options (PN01 `unknown_billing_term`, TZ01 `company_time_zone`).

    Raises:
        KeyError: unknown case id. FileNotFoundError: the case files are absent.
    """
    return BUILDERS[case_id](base_dir, **options)


def main(argv: list[str] | None = None) -> None:
    """CLI: write one case's raw layer and print the dbt vars to build it with."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case_id", choices=CASE_IDS)
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument("--company-time-zone", default=None, help="TZ01 only")
    parser.add_argument("--unknown-billing-term", action="store_true", help="PN01 only")
    args = parser.parse_args(argv)
    options: dict[str, object] = {}
    if args.company_time_zone:
        options["company_time_zone"] = args.company_time_zone
    if args.unknown_billing_term:
        options["unknown_billing_term"] = True
    case = build_case(args.case_id, **options)
    print(json.dumps(write_case(case, args.out_dir), indent=2))


if __name__ == "__main__":
    main()
