"""Finance system: monthly FX rates to USD, costs, quotas and the plan (raw_finance__*).

Methods of `DemoCompany` (generator/company.py), moved here unchanged: they share its
state (`self.rows`, `self.rng`, ...) and are called in its fixed `build()` order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from .common import (
    AS_OF_DATE,
    CURRENCIES,
    SEGMENTS,
    START_DATE,
    add_months,
    at_utc,
    fmt_ts,
    month_start_of,
    month_starts,
)


class FinanceMixin:
    """The finance steps of `DemoCompany`."""

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
