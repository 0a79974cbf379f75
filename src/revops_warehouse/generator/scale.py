"""K disjoint copies of the demo company as parquet landing files (issue 13, benchmarks).

Copy 1 is the demo unchanged; copy k > 1 prefixes every id (and every foreign key to it)
with ``k<kkk>_`` and every e-mail local part with the same prefix, so the K companies share
no customer, lead, deal, user, campaign or invoice. Shared keys are not multiplied:

- the billing catalogue (``product``, ``price``, ``coupon``) and the month-keyed finance
  tables (``fx_rate``, ``cpi``, ``gross_margin``) are written once, as in the demo;
- ``revenue_plan`` and ``sales_marketing_cost`` are keyed by month (and segment /
  department, cost type, channel), not by an entity of the company: written once with the
  amount multiplied by K, so plan attainment and CAC stay those of the demo;
- the lookup seeds (``seeds/lookups``) stay seeds.

Every column is written as text (like the CSV route, ``all_varchar``): staging casts it.
Deterministic: the demo is generated from its seed, copies are a pure function of it.
The files are ``<out>/<source>/<table>.parquet``; ``<out>/scale_vars.yml`` holds the
source-mode vars that build them (``dbt build --vars "$(cat <out>/scale_vars.yml)"``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .schema import SCHEMAS

# Columns holding an id of the company's own entities (or a foreign key to one).
ID_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("crm", "user"): ("id", "manager_id", "user_role_id"),
    ("crm", "account"): ("id", "owner_id", "stripe_customer_id_c"),
    ("crm", "lead"): ("id", "owner_id", "converted_account_id", "converted_opportunity_id"),
    ("crm", "opportunity"): ("id", "account_id", "owner_id", "campaign_id"),
    ("crm", "opportunity_history"): ("id",),
    ("crm", "campaign"): ("id", "ad_campaign_id_c"),
    ("crm", "campaign_member"): ("id", "campaign_id", "lead_id"),
    ("crm", "task"): ("id", "who_id", "owner_id"),
    ("marketing", "google_ads_campaign_stats"): ("id", "customer_id"),
    ("marketing", "google_ads_campaign_history"): ("id", "customer_id"),
    ("marketing", "facebook_ads_basic_campaign"): ("campaign_id", "account_id"),
    ("marketing", "facebook_ads_campaign_history"): ("id", "account_id"),
    ("marketing", "linkedin_ads_analytics_by_campaign"): ("campaign_id",),
    ("marketing", "linkedin_ads_campaign_history"): ("id", "account_id"),
    ("marketing", "microsoft_ads_campaign_performance_daily_report"): (
        "account_id", "campaign_id",
    ),
    ("marketing", "microsoft_ads_campaign_history"): ("id", "account_id"),
    ("marketing", "lead_event"): ("id", "lead_id"),
    ("billing", "customer"): ("id",),
    ("billing", "subscription"): ("id", "customer_id"),
    ("billing", "subscription_item"): ("id", "subscription_id"),
    ("billing", "discount"): ("id", "type_id", "customer_id", "subscription_id"),
    ("billing", "invoice"): ("id", "customer_id", "subscription_id", "number"),
    ("billing", "invoice_line_item"): (
        "id", "invoice_id", "subscription_id", "subscription_item_id",
    ),
    ("billing", "charge"): ("id", "customer_id", "invoice_id"),
    ("billing", "refund"): ("id", "charge_id"),
    ("finance", "quota"): ("user_id",),
    ("finance", "sales_forecast"): ("user_id",),
    ("finance", "price_test_assignment"): ("assignment_id", "customer_id"),
}
EMAIL_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("crm", "user"): ("email",),
    ("crm", "lead"): ("email",),
    ("marketing", "lead_event"): ("email",),
    ("billing", "customer"): ("email",),
}
# Written once: keyed by month / catalogue id, not by an entity of one company.
SHARED_TABLES = {
    ("billing", "product"), ("billing", "price"), ("billing", "coupon"),
    ("finance", "fx_rate"), ("finance", "cpi"), ("finance", "gross_margin"),
}
# Written once with this amount column multiplied by K (the company is K times bigger).
SCALED_TABLES = {
    ("finance", "revenue_plan"): "planned_mrr",
    ("finance", "sales_marketing_cost"): "amount",
}
SOURCES = ("crm", "marketing", "billing", "finance")


def copy_prefix(k: int) -> str:
    """Id prefix of copy ``k`` (1-based): '' for the demo itself, ``k002_`` ... after it."""
    return "" if k == 1 else f"k{k:03d}_"


def _column_sql(table: tuple[str, str], column: str, scale: int) -> str:
    quoted = f'"{column}"'
    if column in ID_COLUMNS.get(table, ()):
        return f"copies.prefix || src.{quoted} as {quoted}"
    if column in EMAIL_COLUMNS.get(table, ()):
        # keep leading spaces (a staging dirt case) before the prefixed local part
        return (f"substr(src.{quoted}, 1, length(src.{quoted}) - length(ltrim(src.{quoted})))"
                f" || copies.prefix || ltrim(src.{quoted}) as {quoted}")
    if table == ("billing", "customer") and column == "metadata":
        return (f"replace(src.{quoted}, '\"crm_account_id\": \"', "
                f"'\"crm_account_id\": \"' || copies.prefix) as {quoted}")
    if SCALED_TABLES.get(table) == column and scale > 1:
        return f"cast(cast(src.{quoted} as decimal(38, 6)) * {scale} as varchar) as {quoted}"
    return f"src.{quoted}"


def table_sql(table: tuple[str, str], csv_path: Path, scale: int) -> str:
    """The select writing ``scale`` copies of one demo table (all columns text)."""
    n_copies = 1 if table in SHARED_TABLES or table in SCALED_TABLES else scale
    columns = ",\n    ".join(_column_sql(table, c, scale) for c in SCHEMAS[table])
    return f"""
select
    {columns}
from read_csv('{csv_path}', header = true, delim = ',', quote = '"', escape = '"',
              all_varchar = true) as src
cross join (
    select k, case when k = 1 then '' else 'k' || lpad(cast(k as varchar), 3, '0') || '_' end
        as prefix
    from range(1, {n_copies} + 1) as t(k)
) as copies
order by copies.k"""


def vars_yaml(out_dir: Path) -> str:
    """Source-mode vars reading the landing files under ``out_dir``."""
    lines = ["raw_data_mode: source"]
    lines += [f"{s}_external_location: '{out_dir}/{s}/{{name}}.parquet'" for s in SOURCES]
    return "\n".join(lines) + "\n"


def write_scaled(out_dir: Path, scale: int, demo_dir: Path | None = None,
                 seed: int | None = None) -> dict[str, int]:
    """Write ``scale`` disjoint demo companies as parquet under ``out_dir``.

    ``demo_dir``: the demo CSVs (``<source>/raw_<source>__<table>.csv``); generated from
    ``seed`` into a temporary folder when not given. Returns rows per ``<source>.<table>``.
    """
    import duckdb  # the project's engine; imported here so the CSV generator needs none

    from .company import generate

    if scale < 1:
        raise ValueError(f"--scale must be at least 1, got {scale}")
    out_dir = Path(out_dir).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        if demo_dir is None:
            demo_dir = Path(tmp) / "demo"
            if seed is None:
                generate(demo_dir)
            else:
                generate(demo_dir, seed)
        counts = {}
        con = duckdb.connect()
        con.execute("set enable_progress_bar = false")
        for (source, table) in SCHEMAS:
            csv_path = Path(demo_dir) / source / f"raw_{source}__{table}.csv"
            target = out_dir / source / f"{table}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"copy ({table_sql((source, table), csv_path, scale)}) "
                        f"to '{target}' (format parquet)")
            counts[f"{source}.{table}"] = con.execute(
                f"select count(*) from read_parquet('{target}')").fetchall()[0][0]
        con.close()
    (out_dir / "scale_vars.yml").write_text(vars_yaml(out_dir), encoding="utf-8")
    return counts


# The landing tables read by the incremental fact int_ad_spend_daily -> their day column.
# One home for "land days 1..N-1, then day N": tests/python/test_incremental.py and the
# benchmark's incremental-day figure (revops_warehouse.benchmark) both use these.
AD_DAILY_TABLES: dict[str, str] = {
    "google_ads_campaign_stats": "date",
    "facebook_ads_basic_campaign": "date",
    "linkedin_ads_analytics_by_campaign": "day",
    "microsoft_ads_campaign_performance_daily_report": "date",
}

# The Fivetran history-mode table read by the incremental int_opportunity_stage_durations:
# day N's versions (started on day N or later) are left out, and the version each of them
# closed is reopened (current again, with the removed current version's end and flag), as
# Fivetran would have landed it on day N-1.
HISTORY_TABLES: dict[str, str] = {"crm/opportunity_history": "id"}


def last_ad_day(landing: Path) -> str:
    """Day N: the last day (ISO date) of the ad-platform daily rows under ``landing``."""
    import duckdb

    con = duckdb.connect()
    days = [
        con.execute(
            f"select max(cast({column} as date)) from "
            f"read_parquet('{Path(landing) / 'marketing' / f'{table}.parquet'}')"
        ).fetchall()[0][0]
        for table, column in AD_DAILY_TABLES.items()
    ]
    con.close()
    return str(max(days))


def cut_day_n(landing: Path, out: Path, day_n: str) -> int:
    """Copy the landing files to ``out`` as they stood before day N.

    Leaves out the ad-platform rows of day N onwards and the opportunity-history versions
    that started on day N or later (their predecessors reopened). Returns the number of
    rows left out (those day N appends). ``out``'s ``scale_vars.yml`` is rewritten to read
    ``out`` (build it with ``vars_yaml(out)``).
    """
    import shutil

    import duckdb

    landing, out = Path(landing).resolve(), Path(out).resolve()
    shutil.copytree(landing, out)
    (out / "scale_vars.yml").write_text(vars_yaml(out))
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    removed = 0
    for table, column in AD_DAILY_TABLES.items():
        path = out / "marketing" / f"{table}.parquet"
        source = landing / "marketing" / f"{table}.parquet"
        before = con.execute(f"select count(*) from read_parquet('{source}')").fetchall()[0][0]
        con.execute(
            f"copy (select * from read_parquet('{source}') "
            f"where cast({column} as date) < date '{day_n}') to '{path}' (format parquet)"
        )
        after = con.execute(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
        removed += before - after
    for table, key in HISTORY_TABLES.items():
        source = landing / f"{table}.parquet"
        if not source.exists():
            continue
        path = out / f"{table}.parquet"
        before = con.execute(f"select count(*) from read_parquet('{source}')").fetchall()[0][0]
        day_start = f"cast('{day_n} 00:00:00+00' as timestamptz)"
        con.execute(f"""
            copy (
                with versions as (
                    select *, cast(_fivetran_start as timestamptz) as started_at
                    from read_parquet('{source}')
                ),
                kept as (select * from versions where started_at < {day_start}),
                removed_current as (
                    select {key} as removed_key, _fivetran_end as current_end,
                        _fivetran_active as current_active
                    from versions
                    where started_at >= {day_start} and lower(_fivetran_active) = 'true'
                ),
                last_kept as (
                    select {key} as last_key, max(started_at) as last_started_at
                    from kept group by 1
                )
                select kept.* exclude (started_at) replace (
                    case when removed_current.removed_key is not null
                        and kept.started_at = last_kept.last_started_at
                        then removed_current.current_end else kept._fivetran_end
                    end as _fivetran_end,
                    case when removed_current.removed_key is not null
                        and kept.started_at = last_kept.last_started_at
                        then removed_current.current_active else kept._fivetran_active
                    end as _fivetran_active
                )
                from kept
                inner join last_kept on kept.{key} = last_kept.last_key
                left join removed_current on kept.{key} = removed_current.removed_key
            ) to '{path}' (format parquet)
        """)
        after = con.execute(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
        removed += before - after
    con.close()
    return removed
