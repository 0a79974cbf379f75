"""Marketing: ad and program campaigns, leads and their funnel (marketing events, MQL,
the SDR task, conversion to an account).

Methods of `DemoCompany` (generator/company.py), moved here unchanged: they share its
state (`self.rows`, `self.rng`, ...) and are called in its fixed `build()` order.
"""

from __future__ import annotations

import datetime as dt
import math

from .common import (
    AS_OF_DATE,
    COMPANY_SUFFIX,
    COMPANY_WORDS_A,
    COMPANY_WORDS_B,
    COUNTRIES,
    EBOOKS,
    EXTRACT_AT,
    FIRST_NAMES,
    HISTORY_START,
    INDUSTRIES,
    LAST_NAMES,
    LEAD_SOURCES,
    LEAD_TITLES,
    SEGMENTS,
    START_DATE,
    UTC,
    add_months,
    at_utc,
    fmt_bool,
    fmt_ts,
    month_starts,
)


class MarketingMixin:
    """The marketing steps of `DemoCompany`."""

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
                                      "end": last, "budget": budget,
                                      "names": [(when, vname) for when, vname, _ in versions]})
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
        if campaign and "names" in campaign:
            # the ad click's UTM campaign: the ad campaign's name in force when the lead came
            # in (an earlier name after a rename), lower-cased as UTM tags usually are
            named = [name for when, name in campaign["names"] if when <= created]
            lead["utm_campaign_c"] = (named[-1] if named else campaign["names"][0][1]).lower()
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
