"""Independent recomputation of the lead-scoring rule set (spec M10, worked example WE13).

Reads the de-duplicated leads and marketing events re-derived from the raw tables by
`oracle.clean` (never the project's SQL), the points of `seeds/lookups/lead_scoring_rules`
as data, and the matching patterns from the dbt vars.
"""

from __future__ import annotations

import fnmatch

import pandas as pd

from . import RawTables, Settings, clean
from .raw import to_int


def _like(value: str, pattern: str) -> bool:
    """SQL LIKE with '%' wildcards (the only wildcard the vars use), case already folded."""
    return fnmatch.fnmatchcase(value, pattern.replace("%", "*"))


def lead_rule_scores(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Score every de-duplicated lead with the additive rule set of spec M10 / WE13.

    Returns:
        One row per lead: `lead_id` (str), `lead_rule_score` (int points) and
        `is_rule_mql` (bool, score >= var `mql_score_threshold`).

    Rules (points from the lookup seed): senior title (var
    `lead_scoring_senior_title_patterns`), employees within the min/max vars, industry in
    `lead_scoring_saas_industries`, any pricing-page visit, any lead-magnet download, each
    e-mail open (capped by `max_points`), and a free or student e-mail domain.
    """
    leads = clean.get(raw, settings, "stg_crm__leads")[["lead_id", "email", "title"]]
    # firmographics straight from the raw lead rows (clean.py does not carry them)
    raw_leads = raw.table("crm", "lead")[["id", "industry", "number_of_employees"]]
    raw_leads = raw_leads.drop_duplicates("id").rename(columns={"id": "lead_id"})
    raw_leads["employee_count"] = to_int(raw_leads["number_of_employees"])
    leads = leads.merge(
        raw_leads[["lead_id", "industry", "employee_count"]], on="lead_id", how="left"
    )
    events = clean.get(raw, settings, "stg_marketing__lead_events")
    rules = raw.lookup("lead_scoring_rules")
    points = dict(zip(rules["rule_id"], rules["points"].astype(int), strict=True))
    caps = {
        rule: int(cap) for rule, cap in zip(rules["rule_id"], rules["max_points"], strict=True)
        if isinstance(cap, str) and cap.strip() != ""
    }

    events = events[events["lead_id"].notna()]
    counts = (
        events.assign(one=1)
        .pivot_table(index="lead_id", columns="event_type", values="one", aggfunc="sum")
        .reindex(columns=["pricing_page_visit", "lead_magnet_download", "email_open"])
        .fillna(0)
    )

    title_patterns = settings.var("lead_scoring_senior_title_patterns")
    industries = set(settings.var("lead_scoring_saas_industries"))
    free_domains = set(settings.var("lead_scoring_free_email_domains"))
    student_patterns = settings.var("lead_scoring_student_email_patterns")
    low = settings.var("lead_scoring_min_employees")
    high = settings.var("lead_scoring_max_employees")

    rows = []
    for lead in leads.itertuples(index=False):
        title = str(lead.title).strip().lower() if pd.notna(lead.title) else ""
        industry = str(lead.industry).strip().lower() if isinstance(lead.industry, str) else ""
        email = str(lead.email) if pd.notna(lead.email) else ""
        domain = email.split("@")[1].lower() if email.count("@") >= 1 else ""
        employees = lead.employee_count
        lead_counts = counts.loc[lead.lead_id] if lead.lead_id in counts.index else None
        score = 0
        if title and any(_like(title, pattern) for pattern in title_patterns):
            score += points["senior_title"]
        if pd.notna(employees) and low <= int(employees) <= high:
            score += points["employees_50_to_500"]
        if industry in industries:
            score += points["saas_industry"]
        if lead_counts is not None:
            if lead_counts["pricing_page_visit"] > 0:
                score += points["pricing_page_visit"]
            if lead_counts["lead_magnet_download"] > 0:
                score += points["lead_magnet_download"]
            opens_points = points["email_open"] * int(lead_counts["email_open"])
            if "email_open" in caps:
                opens_points = min(opens_points, caps["email_open"])
            score += opens_points
        if domain in free_domains or any(_like(domain, p) for p in student_patterns):
            score += points["free_or_student_email"]
        rows.append((lead.lead_id, score, score >= settings.var("mql_score_threshold")))
    return pd.DataFrame(rows, columns=["lead_id", "lead_rule_score", "is_rule_mql"])
