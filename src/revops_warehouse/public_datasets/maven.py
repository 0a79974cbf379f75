"""Maven Analytics "CRM Sales Opportunities" -> crm user, account, opportunity,
opportunity_history (+ finance fx_rate USD = 1). Mapping and rules: docs/public_datasets.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import (
    SHARED_DATA_DIR,
    MappingResult,
    MappingRun,
    iso_date,
    iso_midnight,
    parse_dates,
    read_published_csv,
    slug,
)

DATASET = "maven"
DEFAULT_SOURCE_DIR = SHARED_DATA_DIR / "maven_crm_sales_opportunities"
DBT_VARS = {
    "reporting_start_month": "2016-10-01",  # first engage_date 2016-10-20
    "as_of_date": "2017-12-31",  # last close_date 2017-12-31
    "company_time_zone": "UTC",  # the export has dates only, no zone
}

# Pipeline files: the original (ISO dates) and the re-export (day-first dates + quarters).
PIPELINE_FILES = {
    "original": ("sales_pipeline.csv", "%Y-%m-%d"),
    "ddmmyy": ("sales_pipeline_variant_ddmmyy_with_quarters.csv", "%d-%m-%y"),
}

# deal_stage -> a raw stage name that seeds/lookups/stage_mapping knows.
STAGE_NAMES = {
    "Prospecting": "Prospecting",
    "Engaging": "Discovery",  # first stage with a dated engagement; documented choice
    "Won": "Closed Won",
    "Lost": "Closed Lost",
}

# Product spellings in sales_pipeline that differ from products.csv.
PRODUCT_FIXES = {"GTXPro": "GTX Pro"}

# Sector typos in accounts.csv.
SECTOR_FIXES = {"technolgy": "technology"}

# office_location -> ISO 3166-1 alpha-2 ('Philipines' is the export's spelling).
COUNTRY_CODES = {
    "United States": "US",
    "Kenya": "KE",
    "Philipines": "PH",
    "Philippines": "PH",
    "Japan": "JP",
    "Italy": "IT",
    "Norway": "NO",
    "Korea": "KR",
    "Jordan": "JO",
    "Brazil": "BR",
    "Germany": "DE",
    "Panama": "PA",
    "Belgium": "BE",
    "Romania": "RO",
    "Poland": "PL",
    "China": "CN",
}

# Segment from employees (documented thresholds; the export has no segment).
SEGMENT_BANDS = [(0, 1000, "SMB"), (1000, 5000, "Mid-Market"), (5000, 10**12, "Enterprise")]


def segment_for(employees: str) -> str:
    """Segment from headcount: 'SMB' (< 1,000), 'Mid-Market' (1,000-4,999),
    'Enterprise' (>= 5,000); '' when unknown."""
    if employees == "":
        return ""
    count = int(float(employees))
    return next(name for low, high, name in SEGMENT_BANDS if low <= count < high)


def user_id(name: str) -> str:
    """Stable user id from a rep or manager name."""
    return "usr_" + slug(name)


def account_id(name: str) -> str:
    """Stable account id from an account name ('' stays '')."""
    return "acc_" + slug(name) if name else ""


def read_pipeline(source_dir: Path, variant: str, run: MappingRun) -> pd.DataFrame:
    """Read one pipeline export with its declared date format; day-first dates are checked
    against the export's own quarter columns (a wrong day/month order moves the quarter).

    Returns the pipeline with ISO `engage_date` / `close_date` text.
    """
    file_name, date_format = PIPELINE_FILES[variant]
    published = read_published_csv(source_dir / file_name)
    run.log_file_facts(published)
    pipeline = published.frame
    for column in ("engage_date", "close_date"):
        parsed = parse_dates(pipeline[column], date_format)
        if date_format != "%Y-%m-%d":
            run.log(
                "DATE_DAYFIRST",
                f"parse {column} as day-first {date_format} -> ISO",
                file_name,
                column,
                int((pipeline[column] != "").sum()),
                f"{pipeline[column][pipeline[column] != ''].iloc[0]}",
            )
        quarter_column = column.replace("_date", "_quarter")
        if quarter_column in pipeline.columns:
            derived = (
                "Q"
                + parsed.dt.quarter.astype("Int64").astype(str)
                + " "
                + parsed.dt.year.astype("Int64").astype(str)
            ).where(parsed.notna(), "")
            mismatch = derived != pipeline[quarter_column]
            run.log(
                "DATE_QUARTER_CHECK",
                f"{column} must fall in {quarter_column}",
                file_name,
                column,
                int(mismatch.sum()),
            )
            if mismatch.any():
                raise ValueError(
                    f"{file_name}: {int(mismatch.sum())} {column} outside {quarter_column}"
                )
        pipeline[column] = parsed.dt.strftime("%Y-%m-%d").fillna("")
    return pipeline.drop(columns=[c for c in pipeline.columns if c.endswith("_quarter")])


def map_dataset(
    source_dir: Path = DEFAULT_SOURCE_DIR,
    out_dir: Path | None = None,
    pipeline_variant: str = "original",
) -> MappingResult:
    """Map the Maven CRM export into data/public/maven/raw/ (see module docstring).

    Args:
        source_dir: folder with accounts.csv, products.csv, sales_teams.csv and the pipeline.
        out_dir: output folder (default data/public/maven).
        pipeline_variant: 'original' (ISO dates) or 'ddmmyy' (the day-first re-export);
            both must give identical raw tables.
    """
    from .common import PROJECT_DIR

    source_dir = Path(source_dir)
    out_dir = Path(out_dir or PROJECT_DIR / "data" / "public" / DATASET)
    run = MappingRun(DATASET)

    # --- users: agents and managers; the regional office is the team (department)
    teams_file = read_published_csv(source_dir / "sales_teams.csv")
    run.log_file_facts(teams_file)
    teams = teams_file.frame
    manager_office = teams.groupby("manager")["regional_office"].agg(lambda s: sorted(set(s)))
    split = manager_office[manager_office.map(len) > 1]
    run.log(
        "MANAGER_ONE_OFFICE",
        "a manager's team is the office of all their agents",
        "sales_teams.csv",
        "regional_office",
        len(split),
    )
    if len(split):
        raise ValueError(f"managers with agents in several offices: {list(split.index)}")
    agents = [
        {
            "id": user_id(r.sales_agent),
            "name": r.sales_agent,
            "title": "Sales Agent",
            "department": r.regional_office,
            "manager_id": user_id(r.manager),
            "is_active": "true",
            "_fivetran_deleted": "false",
        }
        for r in teams.itertuples()
    ]
    managers = [
        {
            "id": user_id(name),
            "name": name,
            "title": "Sales Manager",
            "department": offices[0],
            "is_active": "true",
            "_fivetran_deleted": "false",
        }
        for name, offices in manager_office.items()
    ]
    run.put("crm", "user", run.frame("crm", "user", agents + managers))

    # --- accounts
    accounts_file = read_published_csv(source_dir / "accounts.csv")
    run.log_file_facts(accounts_file)
    accounts = accounts_file.frame
    typo = accounts["sector"].isin(list(SECTOR_FIXES))
    run.log(
        "SECTOR_TYPO",
        "sector 'technolgy' -> 'technology'",
        "accounts.csv",
        "sector",
        int(typo.sum()),
        "technolgy",
    )
    accounts["sector"] = accounts["sector"].replace(SECTOR_FIXES)
    unknown_country = ~accounts["office_location"].isin(list(COUNTRY_CODES))
    run.log(
        "COUNTRY_ISO",
        "office_location -> ISO-2 ('Philipines' -> PH); unknown -> ''",
        "accounts.csv",
        "office_location",
        int(unknown_country.sum()),
    )
    misspelt = accounts["office_location"].eq("Philipines")
    run.log(
        "COUNTRY_TYPO",
        "'Philipines' is read as the Philippines (PH)",
        "accounts.csv",
        "office_location",
        int(misspelt.sum()),
        "Philipines",
    )
    parents = accounts["subsidiary_of"].ne("") & ~accounts["subsidiary_of"].isin(
        accounts["account"]
    )
    run.log(
        "PARENT_UNKNOWN",
        "subsidiary_of names an account that is not in accounts.csv "
        "(not mapped: the raw account has no parent column)",
        "accounts.csv",
        "subsidiary_of",
        int(parents.sum()),
    )
    run.log(
        "SEGMENT_FROM_EMPLOYEES",
        "segment_c from employees: SMB < 1,000 <= Mid-Market < 5,000 <= Enterprise",
        "accounts.csv",
        "employees",
        int(accounts["employees"].ne("").sum()),
    )
    account_rows = [
        {
            "id": account_id(r.account),
            "name": r.account,
            "industry": r.sector,
            "billing_country_code": COUNTRY_CODES.get(r.office_location, ""),
            "number_of_employees": r.employees,
            "is_deleted": "false",
            "segment_c": segment_for(r.employees),
        }
        for r in accounts.itertuples()
    ]
    run.put("crm", "account", run.frame("crm", "account", account_rows))

    # --- products (sidecar: the project has no product dimension on opportunities)
    products_file = read_published_csv(source_dir / "products.csv")
    run.log_file_facts(products_file)
    products = products_file.frame.set_index("product")

    # --- opportunities
    pipeline_file = PIPELINE_FILES[pipeline_variant][0]
    pipeline = read_pipeline(source_dir, pipeline_variant, run)
    fixed = pipeline["product"].isin(list(PRODUCT_FIXES))
    run.log(
        "PRODUCT_NAME",
        "product 'GTXPro' (pipeline) -> 'GTX Pro' (products.csv)",
        pipeline_file,
        "product",
        int(fixed.sum()),
        "GTXPro",
    )
    pipeline["product"] = pipeline["product"].replace(PRODUCT_FIXES)

    reasons = pd.Series("", index=pipeline.index)
    reasons[~pipeline["deal_stage"].isin(list(STAGE_NAMES))] = "unknown deal_stage"
    reasons[(reasons == "") & ~pipeline["sales_agent"].isin(teams["sales_agent"])] = (
        "sales_agent not in sales_teams.csv"
    )
    reasons[(reasons == "") & pipeline["engage_date"].eq("")] = (
        "no date at all (Prospecting has neither engage_date nor close_date): "
        "cannot be placed on the calendar"
    )
    closed = pipeline["deal_stage"].isin(["Won", "Lost"])
    reasons[(reasons == "") & closed & pipeline["close_date"].eq("")] = (
        "closed deal without close_date"
    )
    reasons[(reasons == "") & closed & (pipeline["close_date"] < pipeline["engage_date"])] = (
        "close_date before engage_date"
    )
    reasons[
        (reasons == "")
        & pipeline["account"].ne("")
        & ~pipeline["account"].isin(accounts["account"])
    ] = "account not in accounts.csv"
    reasons[(reasons == "") & ~pipeline["product"].isin(products.index)] = (
        "product not in products.csv"
    )
    for reason in sorted(set(reasons) - {""}):
        run.reject(pipeline_file, pipeline[reasons == reason], "opportunity_id", reason)
    run.log(
        "REJECT",
        "rows that cannot be used -> rejected_rows.csv",
        pipeline_file,
        "(row)",
        int((reasons != "").sum()),
    )
    kept = pipeline[reasons == ""].copy()

    no_account = kept["account"].eq("")
    run.log(
        "ACCOUNT_BLANK",
        "blank account (open deals only) -> account_id NULL",
        pipeline_file,
        "account",
        int(no_account.sum()),
    )
    lost_zero = kept["deal_stage"].eq("Lost") & kept["close_value"].isin(["0", "0.0"])
    run.log(
        "LOST_VALUE_ZERO",
        "close_value 0 on a Lost deal means 'not recorded' -> amount NULL",
        pipeline_file,
        "close_value",
        int(lost_zero.sum()),
        "0",
    )
    kept.loc[lost_zero, "close_value"] = ""
    open_value = ~kept["deal_stage"].isin(["Won", "Lost"]) & kept["close_value"].ne("")
    run.log(
        "OPEN_VALUE",
        "close_value on an open deal is ignored (amount NULL)",
        pipeline_file,
        "close_value",
        int(open_value.sum()),
    )
    kept.loc[open_value, "close_value"] = ""

    opportunities = [
        {
            "id": r.opportunity_id,
            "name": f"{r.product} - {r.account or 'no account'}",
            "account_id": account_id(r.account),
            "owner_id": user_id(r.sales_agent),
            "type": "New Business",
            "stage_name": STAGE_NAMES[r.deal_stage],
            "amount": r.close_value,
            "currency_iso_code": "USD",
            "created_date": iso_midnight(pd.Timestamp(r.engage_date)),
            "close_date": r.close_date if r.deal_stage in ("Won", "Lost") else "",
            "is_closed": str(r.deal_stage in ("Won", "Lost")).lower(),
            "is_won": str(r.deal_stage == "Won").lower(),
            "is_deleted": "false",
        }
        for r in kept.itertuples()
    ]
    run.put("crm", "opportunity", run.frame("crm", "opportunity", opportunities))

    # --- stage history, derived from the two dates the export has (engage, close)
    history = []
    for r in kept.itertuples():
        engaged = iso_midnight(pd.Timestamp(r.engage_date))
        is_closed = r.deal_stage in ("Won", "Lost")
        closed_at = iso_midnight(pd.Timestamp(r.close_date)) if is_closed else ""
        history.append(
            {
                "id": r.opportunity_id,
                "_fivetran_start": engaged,
                "_fivetran_end": closed_at or "9999-12-31T23:59:59+00:00",
                "_fivetran_active": str(not is_closed).lower(),
                "stage_name": "Discovery",
                "is_deleted": "false",
            }
        )
        if is_closed:
            history.append(
                {
                    "id": r.opportunity_id,
                    "_fivetran_start": closed_at,
                    "_fivetran_end": "9999-12-31T23:59:59+00:00",
                    "_fivetran_active": "true",
                    "stage_name": STAGE_NAMES[r.deal_stage],
                    "amount": r.close_value,
                    "close_date": r.close_date,
                    "is_deleted": "false",
                }
            )
    same_day = kept["deal_stage"].isin(["Won", "Lost"]) & (
        kept["engage_date"] == kept["close_date"]
    )
    run.log(
        "HISTORY_DERIVED",
        "opportunity_history derived: Discovery from engage_date, "
        "Closed Won/Lost from close_date (same-day deals get a zero-length Discovery row)",
        pipeline_file,
        "engage_date,close_date",
        len(kept),
        f"same-day: {int(same_day.sum())}",
    )
    run.put("crm", "opportunity_history", run.frame("crm", "opportunity_history", history))

    # --- finance: the export is in USD (the reporting currency)
    run.put_flat_fx_rates(DBT_VARS["reporting_start_month"], DBT_VARS["as_of_date"])

    run.extras["opportunity_product"] = pd.DataFrame(
        {
            "opportunity_id": kept["opportunity_id"],
            "product": kept["product"],
            "series": kept["product"].map(products["series"]),
            "sales_price": kept["product"].map(products["sales_price"]),
            "engage_date": kept["engage_date"],
            "close_date": kept["close_date"].where(kept["deal_stage"].isin(["Won", "Lost"]), ""),
        }
    )
    return run.write(out_dir)


__all__ = ["DATASET", "DBT_VARS", "DEFAULT_SOURCE_DIR", "map_dataset", "iso_date"]
