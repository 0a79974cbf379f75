"""Olist "Marketing Funnel" -> crm lead, user (SDRs, SRs), account (sellers), opportunity
(closed deals, all won), marketing lead_event (`mql` at first contact), finance fx_rate.
Mapping and rules: docs/public_datasets.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    PROJECT_DIR,
    SHARED_DATA_DIR,
    MappingResult,
    MappingRun,
    iso_date,
    iso_midnight,
    parse_dates,
    read_published_csv,
)

DATASET = "olist"
DEFAULT_SOURCE_DIR = SHARED_DATA_DIR / "olist_marketing_funnel"
TIME_ZONE = "America/Sao_Paulo"
DBT_VARS = {
    "reporting_start_month": "2017-06-01",  # first first_contact_date 2017-06-14
    "as_of_date": "2018-11-30",  # last won_date 2018-11-14 (UTC)
    "company_time_zone": TIME_ZONE,  # won_date is UTC: local midnights show as 03:00 / 02:00
    # no BRL exchange rate is invented (docs/public_datasets.md): report it, do not fail
    "missing_fx_rate_severity": "warn",
}

# origin -> a lead_source spelling that seeds/lookups/channel_mapping knows.
ORIGIN_TO_LEAD_SOURCE = {
    "organic_search": "Organic Search",  # -> organic_search
    "paid_search": "Paid Search",  # -> paid_search
    "social": "Paid Social",  # -> paid_social (the only social channel; see docs)
    "email": "Email",  # -> email
    "referral": "Referral",  # -> referral
    "display": "Display",  # -> display
    "direct_traffic": "Direct",  # -> direct
    "other": "Other",  # -> unknown
    "other_publicities": "Other",  # -> unknown ("other advertising", platform not named)
    "unknown": "Unknown",  # -> unknown
    "": "",  # -> unknown ('(blank)')
}

# The channel each origin lands in (what the warehouse reports per channel).
ORIGIN_TO_CHANNEL = {
    "organic_search": "organic_search",
    "paid_search": "paid_search",
    "social": "paid_social",
    "email": "email",
    "referral": "referral",
    "display": "display",
    "direct_traffic": "direct",
    "other": "unknown",
    "other_publicities": "unknown",
    "unknown": "unknown",
    "": "unknown",
}


def map_dataset(
    source_dir: Path = DEFAULT_SOURCE_DIR, out_dir: Path | None = None
) -> MappingResult:
    """Map the Olist marketing funnel into data/public/olist/raw/ (see module docstring)."""
    source_dir = Path(source_dir)
    out_dir = Path(out_dir or PROJECT_DIR / "data" / "public" / DATASET)
    run = MappingRun(DATASET)
    mql_file, deals_file = (
        "olist_marketing_qualified_leads_dataset.csv",
        "olist_closed_deals_dataset.csv",
    )

    mql_published = read_published_csv(source_dir / mql_file)
    run.log_file_facts(mql_published)
    mqls = mql_published.frame
    deals_published = read_published_csv(source_dir / deals_file)
    run.log_file_facts(deals_published)
    deals = deals_published.frame

    # --- rejects: duplicate MQL ids, deals whose MQL is missing, unknown origins
    reasons = pd.Series("", index=mqls.index)
    reasons[mqls["mql_id"].duplicated()] = "duplicate mql_id"
    reasons[(reasons == "") & ~mqls["origin"].isin(list(ORIGIN_TO_LEAD_SOURCE))] = "unknown origin"
    reasons[(reasons == "") & mqls["first_contact_date"].eq("")] = "no first_contact_date"
    for reason in sorted(set(reasons) - {""}):
        run.reject(mql_file, mqls[reasons == reason], "mql_id", reason)
    mqls = mqls[reasons == ""].copy()
    deal_reasons = pd.Series("", index=deals.index)
    deal_reasons[deals["mql_id"].duplicated()] = "duplicate mql_id"
    deal_reasons[(deal_reasons == "") & ~deals["mql_id"].isin(mqls["mql_id"])] = (
        "mql_id not in MQLs"
    )
    deal_reasons[(deal_reasons == "") & deals["won_date"].eq("")] = "no won_date"
    for reason in sorted(set(deal_reasons) - {""}):
        run.reject(deals_file, deals[deal_reasons == reason], "mql_id", reason)
    run.log(
        "REJECT",
        "rows that cannot be used -> rejected_rows.csv",
        f"{mql_file}+{deals_file}",
        "(row)",
        int((reasons != "").sum() + (deal_reasons != "").sum()),
    )
    deals = deals[deal_reasons == ""].copy()

    # --- dates: first contact is a local date; won_date is a UTC timestamp
    mqls["first_contact"] = parse_dates(mqls["first_contact_date"], "%Y-%m-%d")
    won_utc = parse_dates(deals["won_date"], "%Y-%m-%d %H:%M:%S").dt.tz_localize("UTC")
    won_local = won_utc.dt.tz_convert(TIME_ZONE)
    deals["won_at"] = won_utc.map(lambda t: t.isoformat())
    deals["won_local_date"] = won_local.dt.tz_localize(None).dt.normalize()
    midnight = won_local.dt.strftime("%H:%M:%S").eq("00:00:00")
    run.log(
        "WON_DATE_UTC",
        f"won_date is UTC (local midnights appear as 03:00 / 02:00 in "
        f"daylight time): close_date = date in {TIME_ZONE}",
        deals_file,
        "won_date",
        int((deals["won_local_date"].dt.date != won_utc.dt.date).sum()),
        f"local midnights: {int(midnight.sum())}",
    )
    deals = deals.merge(mqls[["mql_id", "first_contact", "origin"]], on="mql_id", how="left")
    early = deals["won_local_date"] < deals["first_contact"]
    run.log(
        "WON_BEFORE_CONTACT",
        "won before first contact: opportunity created_date = won date "
        "(least of the two; cycle 0 days); the lead keeps its first_contact_date",
        deals_file,
        "won_date",
        int(early.sum()),
        ", ".join(deals.loc[early, "mql_id"].tolist()),
    )
    deals["created"] = deals[["won_local_date", "first_contact"]].min(axis=1)

    # --- leads
    blank_origin = mqls["origin"].eq("")
    run.log(
        "ORIGIN_BLANK",
        "blank origin -> lead_source '' (channel unknown)",
        mql_file,
        "origin",
        int(blank_origin.sum()),
    )
    run.log(
        "ORIGIN_TO_LEAD_SOURCE",
        "origin -> lead_source spelling of channel_mapping "
        "(social -> Paid Social; other, other_publicities, unknown -> unknown)",
        mql_file,
        "origin",
        len(mqls),
    )
    won = deals.set_index("mql_id")
    is_won = mqls["mql_id"].isin(won.index)
    leads = pd.DataFrame(
        {
            "id": mqls["mql_id"],
            "industry": mqls["mql_id"].map(won["business_segment"]).fillna(""),
            "country": "BR",
            "status": is_won.map({True: "Converted", False: "Open"}),
            "lead_source": mqls["origin"].map(ORIGIN_TO_LEAD_SOURCE),
            "owner_id": mqls["mql_id"].map(won["sdr_id"]).fillna(""),
            "created_date": mqls["first_contact"].map(lambda d: iso_midnight(d, TIME_ZONE)),
            "is_converted": is_won.map({True: "true", False: "false"}),
            "converted_date": mqls["mql_id"].map(won["won_local_date"]).map(iso_date),
            "converted_account_id": mqls["mql_id"].map(won["seller_id"]).fillna(""),
            "converted_opportunity_id": mqls["mql_id"].where(is_won, ""),
            "is_deleted": "false",
        }
    )
    run.put("crm", "lead", run.frame("crm", "lead", leads))

    # --- marketing: the MQL event at first contact; landing page as asset_name
    events = pd.DataFrame(
        {
            "id": "mql_" + mqls["mql_id"],
            "lead_id": mqls["mql_id"],
            "event_type": "mql",
            "occurred_at": mqls["first_contact"].map(lambda d: iso_midnight(d, TIME_ZONE)),
            "asset_name": mqls["landing_page_id"],
        }
    )
    run.put("marketing", "lead_event", run.frame("marketing", "lead_event", events))

    # --- users: SDRs and SRs (ids only in the export)
    sdrs, srs = set(deals["sdr_id"]) - {""}, set(deals["sr_id"]) - {""}
    both = sdrs & srs
    run.log(
        "USER_BOTH_ROLES",
        "an id that is both SDR and SR gets one user row, title 'SDR and SR', team 'sales'",
        deals_file,
        "sdr_id,sr_id",
        len(both),
    )
    users = [
        {
            "id": uid,
            "name": ("SR " if uid in srs else "SDR ") + uid[:8],
            "title": "SDR and SR" if uid in both else ("SR" if uid in srs else "SDR"),
            "department": "sales" if uid in srs else "sdr",
            "is_active": "true",
            "_fivetran_deleted": "false",
        }
        for uid in sorted(sdrs | srs)
    ]
    run.put("crm", "user", run.frame("crm", "user", users))

    # --- accounts: the sellers that closed
    accounts = pd.DataFrame(
        {
            "id": deals["seller_id"],
            "industry": deals["business_segment"],
            "billing_country_code": "BR",
            "type": "Customer",
            "is_deleted": "false",
        }
    ).drop_duplicates("id")
    run.put("crm", "account", run.frame("crm", "account", accounts))

    # --- opportunities: every closed deal is won; declared revenue in BRL, 0.0 = not declared
    revenue = pd.to_numeric(deals["declared_monthly_revenue"].replace("", None))
    not_declared = revenue.fillna(0).eq(0)
    run.log(
        "REVENUE_ZERO",
        "declared_monthly_revenue 0.0 means 'not declared' -> amount NULL",
        deals_file,
        "declared_monthly_revenue",
        int(not_declared.sum()),
        "0.0",
    )
    run.log(
        "REVENUE_BRL_NO_RATE",
        "amount kept in BRL; no BRL fx_rate is supplied, so every "
        "reporting-currency amount is NULL (a seller's declared revenue is not a deal value)",
        deals_file,
        "declared_monthly_revenue",
        int((~not_declared).sum()),
    )
    opportunities = pd.DataFrame(
        {
            "id": deals["mql_id"],
            "name": "Olist seller " + deals["seller_id"].str[:8],
            "account_id": deals["seller_id"],
            "owner_id": deals["sr_id"],
            "type": "New Business",
            "stage_name": "Closed Won",
            "amount": revenue.where(~not_declared).map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
            "currency_iso_code": "BRL",
            "created_date": deals["created"].map(lambda d: iso_midnight(d, TIME_ZONE)),
            "close_date": deals["won_local_date"].map(iso_date),
            "is_closed": "true",
            "is_won": "true",
            "lead_source": deals["origin"].map(ORIGIN_TO_LEAD_SOURCE),
            "is_deleted": "false",
        }
    )
    run.put("crm", "opportunity", run.frame("crm", "opportunity", opportunities))

    run.put_flat_fx_rates(DBT_VARS["reporting_start_month"], DBT_VARS["as_of_date"])
    run.extras["lead_origin"] = pd.DataFrame(
        {
            "lead_id": mqls["mql_id"],
            "origin": mqls["origin"],
            "channel": mqls["origin"].map(ORIGIN_TO_CHANNEL),
            "landing_page_id": mqls["landing_page_id"],
        }
    )
    return run.write(out_dir)
