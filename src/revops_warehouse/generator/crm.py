"""CRM (Salesforce-like) sales side: users, accounts, opportunities (new business,
expansion, renewal) and the deal flow that turns a won deal into a billing customer.

Methods of `DemoCompany` (generator/company.py), moved here unchanged: they share its
state (`self.rows`, `self.rng`, ...) and are called in its fixed `build()` order.
"""

from __future__ import annotations

import datetime as dt
import random

from .common import (
    COMPANY_SUFFIX,
    COMPANY_WORDS_A,
    COMPANY_WORDS_B,
    COUNTRIES,
    CYCLE_DAYS,
    EXTRACT_AT,
    FIRST_NAMES,
    FIVETRAN_END_SENTINEL,
    FORECAST_CATEGORY,
    HISTORY_START,
    INDUSTRIES,
    LAST_NAMES,
    LEGACY_START,
    LOSS_REASONS,
    NEXT_TIER,
    OPEN_STAGES,
    PROBABILITY,
    SEGMENT_RAW_VARIANTS,
    SEGMENTS,
    STAGE_RENAME_AT,
    WIN_RATE,
    at_utc,
    fmt_bool,
    fmt_money,
    fmt_ms,
    fmt_ts,
    month_starts,
)


class CrmMixin:
    """The crm steps of `DemoCompany`."""

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
