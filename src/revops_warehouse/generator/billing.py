"""Billing (Stripe-like): catalogue (products, prices, coupons), customers, subscriptions,
their changes, invoices and the self-serve trials.

Methods of `DemoCompany` (generator/company.py), moved here unchanged: they share its
state (`self.rows`, `self.rng`, ...) and are called in its fixed `build()` order.
"""

from __future__ import annotations

import datetime as dt
import json

from .common import (
    COMPANY_WORDS_B,
    COUNTRIES,
    CURRENCIES,
    EXTRACT_AT,
    FIRST_NAMES,
    INTERVALS,
    LAST_NAMES,
    NEXT_TIER,
    SETUP_FEE,
    TIER_MONTHLY,
    TIER_NAMES,
    UTC,
    add_months,
    at_utc,
    fmt_bool,
    fmt_ts,
    month_starts,
)


class BillingMixin:
    """The billing steps of `DemoCompany`."""

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
