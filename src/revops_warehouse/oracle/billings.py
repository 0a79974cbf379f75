"""Billings oracle (issue 11 part 5): invoiced, collected and refunded revenue per month.

Recomputed from the raw Stripe tables through `oracle.clean`, independently of the SQL:
- invoiced: live invoices of kept customers with status open, paid or uncollectible
  (draft and void are not billings), `total` in major units, dated by `created`;
- collected: live charges of kept customers with status `succeeded` and `paid` true,
  `amount`, dated by the charge's `created`;
- refunded: refunds of those kept charges with status `succeeded`, dated by the refund.
Dates are company-time-zone dates (G7); each amount is converted at the FX rate of its own
month (mrr.fx_rates: carried forward, back-filled) and rounded to 4 decimals per row before
summing, as the warehouse does. The segment is the customer's CRM segment, 'unknown' without
one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import clean
from .helpers import explode_dimensions, round_money, surrogate_key
from .mrr import customer_attributes, fx_rates
from .raw import RawTables, minor_to_major, month_start, to_bool
from .settings import Settings

INVOICED_STATUSES = ("open", "paid", "uncollectible")


def _kept_charges(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Live charges of kept billing customers (the staging rule for charges)."""
    charges = raw.table("billing", "charge")
    if "livemode" in charges:
        charges = charges[to_bool(charges["livemode"], default=True).astype(bool)]
    customers = clean.get(raw, settings, "stg_billing__customers")["customer_id"]
    return charges[charges["customer_id"].isin(customers)]


def billing_transactions(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """One row per invoiced / collected / refunded transaction: customer_id, segment,
    month_start, amount (reporting currency, rounded per row)."""
    invoices = raw.table("billing", "invoice")
    kept_invoices = clean.get(raw, settings, "stg_billing__invoices")["invoice_id"]
    invoices = invoices[
        invoices["id"].isin(kept_invoices)
        & invoices["status"].astype("string").str.strip().str.lower().isin(INVOICED_STATUSES)
    ]
    charges = _kept_charges(raw, settings)
    paid = charges[
        (charges["status"].astype("string").str.strip().str.lower() == "succeeded")
        & to_bool(charges["paid"], default=False).astype(bool)
    ]
    refunds = raw.table("billing", "refund")
    refunds = refunds[
        refunds["charge_id"].isin(charges["id"])
        & (refunds["status"].astype("string").str.strip().str.lower() == "succeeded")
    ]
    refund_customer = refunds["charge_id"].map(charges.set_index("id")["customer_id"])
    parts = []
    for kind, frame, amount_column, customer in (
        ("invoiced", invoices, "total", invoices["customer_id"]),
        ("collected", paid, "amount", paid["customer_id"]),
        ("refunded", refunds, "amount", refund_customer),
    ):
        currency = frame["currency"].astype("string").str.upper()
        parts.append(
            pd.DataFrame(
                {
                    "transaction_type": kind,
                    "customer_id": customer,
                    "currency": currency,
                    "month_start": month_start(clean._cdate(frame["created"], settings)),
                    "amount_native": minor_to_major(frame[amount_column], currency, raw),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    rates = fx_rates(raw, settings, first_month=out["month_start"].min())
    out = out.merge(rates, on=["month_start", "currency"], how="left")
    out["amount"] = round_money(out["amount_native"] * out["rate_to_reporting"])
    segments = customer_attributes(raw, settings).set_index("customer_id")["segment"]
    out["segment"] = out["customer_id"].map(segments).fillna("unknown")
    return out


def billings_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_billings_monthly: report month × (total | segment): invoiced, collected, refunded
    and net collected amounts; the total row every report month (0 without transactions)."""
    facts = billing_transactions(raw, settings)
    facts = facts[facts["month_start"].isin(settings.months)]
    for kind in ("invoiced", "collected", "refunded"):
        facts[f"{kind}_amount"] = np.where(facts["transaction_type"] == kind, facts["amount"], 0.0)
    sliced = explode_dimensions(facts, {"segment": "segment"})
    columns = ["invoiced_amount", "collected_amount", "refunded_amount"]
    out = (
        sliced.groupby(["month_start", "dimension", "dimension_value"])[columns]
        .sum()
        .reset_index()
    )
    totals = pd.DataFrame(
        {"month_start": settings.months, "dimension": "total", "dimension_value": "all"}
    )
    missing = totals.merge(
        out[["month_start", "dimension"]].drop_duplicates(), how="left", indicator=True
    )
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    out = pd.concat([out, missing.assign(**dict.fromkeys(columns, 0.0))], ignore_index=True)
    out["net_collected_amount"] = out["collected_amount"] - out["refunded_amount"]
    out["billings_monthly_id"] = surrogate_key(out, ["month_start", "dimension", "dimension_value"])
    return out
