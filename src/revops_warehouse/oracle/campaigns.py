"""Campaign attribution and campaign performance oracle (issue 11 part 4), in pandas.

Recomputed from the raw tables through `oracle.clean` and the other oracle modules, never
from the project's SQL:

1. Every name an ad campaign has carried comes from the four raw campaign-history tables;
   the match key of a name is lower case with all spaces removed.
2. An ad campaign (seen in spend or history) reports under the CRM campaign that names it
   (`ad_platform_c` / `ad_campaign_id_c`, lowest id), else `ad_campaign:<platform>:<id>`.
3. Each kept lead gets one campaign: the primary campaign of the opportunity it converted
   into (a kept CRM campaign), else its earliest membership (members of duplicate leads move
   to the kept lead; created time, then member id), else the ad campaign one of whose names
   equals its `utm_campaign_c` (the most recent name taken on or before the lead's creation,
   else the first taken after; then platform, id), else `unattributed`.
4. fct_campaign_performance_monthly: per report month × (total, campaign): ad spend
   (oracle.revops.ad_spend_by_campaign_monthly), leads by created month, MQLs / SQLs by their
   month (oracle.salesops.lead_funnel), won new-business deals by close month
   (oracle.salesops.opportunities_fact) and the cost ratios.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import clean
from .helpers import explode_dimensions, round_money, safe_div, surrogate_key
from .raw import RawTables, month_start, to_utc
from .settings import Settings

HISTORY_TABLES = {
    "google_ads": ("google_ads_campaign_history", "updated_at"),
    "facebook_ads": ("facebook_ads_campaign_history", "updated_time"),
    "linkedin_ads": ("linkedin_ads_campaign_history", "last_modified_time"),
    "microsoft_ads": ("microsoft_ads_campaign_history", "modified_time"),
}


def name_key(values: pd.Series) -> pd.Series:
    """Case- and space-insensitive match key of a campaign name; blank -> NaN."""
    text = values.astype("string").str.replace(" ", "", regex=False).str.lower()
    return text.where(text.notna() & (text != "")).astype(object)


def ad_campaign_names(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """ad_platform, ad_campaign_id, campaign_name_key, ad_campaign_name (first spelling),
    first_named_at (naive UTC), is_current_name."""
    parts = []
    for platform, (table, time_column) in HISTORY_TABLES.items():
        if not raw.has("marketing", table):
            continue
        history = raw.table("marketing", table)
        if history.empty:
            continue
        at = to_utc(history[time_column]).dt.tz_localize(None)
        frame = pd.DataFrame(
            {
                "ad_platform": platform,
                "ad_campaign_id": history["id"].astype(str),
                "ad_campaign_name": history["name"].astype("string").str.strip(),
                "at": at,
            }
        )
        latest = frame.groupby("ad_campaign_id")["at"].transform("max")
        frame["is_latest"] = frame["at"] == latest
        parts.append(frame)
    versions = pd.concat(parts, ignore_index=True)
    versions["campaign_name_key"] = name_key(versions["ad_campaign_name"])
    versions = versions.dropna(subset=["campaign_name_key"])
    return versions.groupby(
        ["ad_platform", "ad_campaign_id", "campaign_name_key"], as_index=False
    ).agg(
        ad_campaign_name=("ad_campaign_name", "min"),
        first_named_at=("at", "min"),
        is_current_name=("is_latest", "max"),
    )


def ad_campaigns(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """ad_platform, ad_campaign_id, campaign_id (linked CRM campaign), campaign_key,
    campaign_name."""
    names = ad_campaign_names(raw, settings)
    spend = clean.get(raw, settings, "int_ad_spend_daily")
    seen = pd.concat(
        [
            pd.DataFrame(
                {"ad_platform": spend["platform"], "ad_campaign_id": spend["ad_campaign_id"]}
            ),
            names[["ad_platform", "ad_campaign_id"]],
        ]
    )
    seen["ad_campaign_id"] = seen["ad_campaign_id"].astype(str)
    seen = seen.drop_duplicates().reset_index(drop=True)
    current = (
        names[names["is_current_name"]]
        .groupby(["ad_platform", "ad_campaign_id"])["ad_campaign_name"]
        .min()
    )
    campaigns = clean.get(raw, settings, "stg_crm__campaigns")
    linked = campaigns.dropna(subset=["ad_platform", "ad_campaign_id"]).assign(
        ad_platform=lambda f: f["ad_platform"].astype("string").str.strip().str.lower(),
        ad_campaign_id=lambda f: f["ad_campaign_id"].astype(str),
    )
    link = linked.groupby(["ad_platform", "ad_campaign_id"])["campaign_id"].min()
    crm_names = campaigns.set_index("campaign_id")["campaign_name"]
    keys = pd.MultiIndex.from_frame(seen[["ad_platform", "ad_campaign_id"]])
    seen["ad_campaign_name"] = current.reindex(keys).to_numpy()
    seen["campaign_id"] = link.reindex(keys).to_numpy()
    own_key = "ad_campaign:" + seen["ad_platform"] + ":" + seen["ad_campaign_id"]
    seen["campaign_key"] = seen["campaign_id"].where(seen["campaign_id"].notna(), own_key)
    seen["campaign_name"] = seen["campaign_id"].map(crm_names)
    seen["campaign_name"] = seen["campaign_name"].where(
        seen["campaign_name"].notna(), seen["ad_campaign_name"]
    )
    return seen


def utm_name_matches(leads: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """The one ad campaign per lead whose name key equals the lead's UTM key, by pairs:
    leads (lead_id, created_at, utm_key) x names (ad_platform, ad_campaign_id,
    campaign_name_key, first_named_at). Among a lead's pairs: the name taken most recently on
    or before the lead's creation, else the first taken after; then platform, then id (text
    order). Returns lead_id, ad_platform, ad_campaign_id (leads without a match absent)."""
    matches = leads.dropna(subset=["utm_key"])[["lead_id", "created_at", "utm_key"]].merge(
        names, left_on="utm_key", right_on="campaign_name_key"
    )
    matches["after"] = (matches["first_named_at"] > matches["created_at"]).astype(int)
    # before the lead: the latest name first; after it: the earliest first
    matches["order_time"] = np.where(
        matches["after"] == 0,
        -matches["first_named_at"].astype("int64"),
        matches["first_named_at"].astype("int64"),
    )
    best = matches.sort_values(
        ["lead_id", "after", "order_time", "ad_platform", "ad_campaign_id"], kind="stable"
    ).drop_duplicates("lead_id")
    return best[["lead_id", "ad_platform", "ad_campaign_id"]].reset_index(drop=True)


def lead_campaign_attribution(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """One row per kept lead: lead_id, created_at, created_month, attribution_source,
    campaign_key, campaign_id, campaign_name."""
    leads = clean.get(raw, settings, "stg_crm__leads")[
        ["lead_id", "created_at", "created_date", "converted_opportunity_id"]
    ].reset_index(drop=True)
    raw_leads = raw.table("crm", "lead")
    if "utm_campaign_c" in raw_leads:
        utm = raw_leads.drop_duplicates("id").set_index("id")["utm_campaign_c"]
        leads["utm_key"] = name_key(leads["lead_id"].map(utm).astype("string").str.strip())
    else:
        leads["utm_key"] = np.nan
    campaigns = clean.get(raw, settings, "stg_crm__campaigns")
    crm_names = campaigns.set_index("campaign_id")["campaign_name"]
    kept_campaigns = set(campaigns["campaign_id"])

    # 1. primary campaign of the converted opportunity
    opps = clean.get(raw, settings, "stg_crm__opportunities").set_index("opportunity_id")
    primary = leads["converted_opportunity_id"].map(opps["campaign_id"])
    primary = primary.where(primary.isin(kept_campaigns))

    # 2. earliest membership (members of duplicates moved to the kept lead)
    members = clean.get(raw, settings, "stg_crm__campaign_members")
    leads_all = clean.get(raw, settings, "stg_crm__leads_all").set_index("lead_id")
    members["lead_id"] = members["lead_id"].map(leads_all["kept_lead_id"])
    members = members.dropna(subset=["lead_id"])
    members = members[members["campaign_id"].isin(kept_campaigns)]
    first_member = (
        members.sort_values(["created_at", "campaign_member_id"], kind="stable")
        .drop_duplicates("lead_id")
        .set_index("lead_id")["campaign_id"]
    )
    member = leads["lead_id"].map(first_member)

    # 3. UTM tag against every name an ad campaign carried
    best = utm_name_matches(leads, ad_campaign_names(raw, settings))
    ads = ad_campaigns(raw, settings)
    best = best.merge(ads, on=["ad_platform", "ad_campaign_id"], how="inner").set_index("lead_id")

    out = leads[["lead_id", "created_at"]].copy()
    out["created_month"] = month_start(leads["created_date"])
    utm_key = leads["lead_id"].map(best["campaign_key"])
    out["attribution_source"] = np.select(
        [primary.notna(), member.notna(), utm_key.notna()],
        ["primary_campaign", "campaign_member", "utm_ad_campaign"],
        "unattributed",
    )
    crm_campaign = primary.where(primary.notna(), member)
    out["campaign_key"] = crm_campaign.where(crm_campaign.notna(), utm_key).fillna("unattributed")
    out["campaign_id"] = crm_campaign.where(
        crm_campaign.notna(), leads["lead_id"].map(best["campaign_id"])
    )
    out["campaign_name"] = np.where(
        crm_campaign.notna(),
        crm_campaign.map(crm_names),
        leads["lead_id"].map(best["campaign_name"]),
    )
    out.loc[out["attribution_source"] == "unattributed", "campaign_name"] = "unattributed"
    return out


def campaign_performance_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_campaign_performance_monthly: report month × (total | campaign)."""
    from .revops import ad_spend_by_campaign_monthly
    from .salesops import lead_funnel, opportunities_fact

    attribution = lead_campaign_attribution(raw, settings)
    facts = []
    spend = ad_spend_by_campaign_monthly(raw, settings).merge(
        ad_campaigns(raw, settings)[["ad_platform", "ad_campaign_id", "campaign_key",
                                     "campaign_name"]],
        on=["ad_platform", "ad_campaign_id"],
    )
    facts.append(spend[["month_start", "campaign_key", "campaign_name", "spend_amount"]])
    funnel = lead_funnel(raw, settings).set_index("lead_id")
    leads = attribution.assign(
        mql_date=attribution["lead_id"].map(funnel["mql_date"]),
        sql_date=attribution["lead_id"].map(funnel["sql_date"]),
    )
    base = ["campaign_key", "campaign_name"]
    facts.append(leads[base].assign(month_start=leads["created_month"], lead_count=1))
    for stage in ("mql", "sql"):
        dated = leads.dropna(subset=[f"{stage}_date"])
        facts.append(
            dated[base].assign(
                month_start=month_start(pd.to_datetime(dated[f"{stage}_date"])),
                **{f"{stage}_count": 1},
            )
        )
    opps = opportunities_fact(raw, settings)
    won = opps[
        opps["is_in_sales_metrics"].astype(bool)
        & (opps["status"] == "won")
        & opps["lead_id"].notna()
    ].merge(attribution[["lead_id", *base]], on="lead_id")
    facts.append(
        won[base].assign(
            month_start=month_start(pd.to_datetime(won["close_date"])),
            won_deal_count=1,
            won_amount=won["amount_reporting"].astype("float64"),
        )
    )
    counts = ["lead_count", "mql_count", "sql_count", "won_deal_count"]
    frame = pd.concat(facts, ignore_index=True)
    frame[counts] = frame[counts].fillna(0)
    frame = frame[frame["month_start"].isin(settings.months)]
    sliced = explode_dimensions(frame, {"campaign": "campaign_key"})
    grouped = sliced.groupby(["month_start", "dimension", "dimension_value"])
    out = grouped[counts].sum()
    out["spend_amount"] = grouped["spend_amount"].sum(min_count=1)
    out["won_amount"] = grouped["won_amount"].sum(min_count=1)
    out["campaign_name"] = grouped["campaign_name"].max()
    out = out.reset_index()
    total = out["dimension"] == "total"
    out.loc[total, "spend_amount"] = out.loc[total, "spend_amount"].fillna(0.0)
    out.loc[total, "campaign_name"] = "all"
    out.loc[out["won_deal_count"] == 0, "won_amount"] = 0.0
    spend_amount = out["spend_amount"].astype("float64")
    for column, denominator in (
        ("cpl", "lead_count"),
        ("cost_per_mql", "mql_count"),
        ("cost_per_sql", "sql_count"),
        ("cac", "won_deal_count"),
    ):
        out[column] = round_money(safe_div(spend_amount, out[denominator]))
    out["roas"] = safe_div(out["won_amount"].astype("float64"), spend_amount)
    out["campaign_performance_monthly_id"] = surrogate_key(
        out, ["month_start", "dimension", "dimension_value"]
    )
    return out
