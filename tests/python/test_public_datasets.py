"""Run the project on the three real public datasets (docs/public_datasets.md).

Two kinds of test:

1. Data-fault tests: each fault found in the published files (BOM, CRLF, day-first dates,
   'GTXPro' vs 'GTX Pro', 'technolgy', blank accounts, zero lost values, UTC won dates,
   won before first contact, ...) has a small test that the mapping fixes it visibly.
2. Headline figures: `scripts/build_public_dataset.sh` (subprocess `dbt build`) runs on each
   dataset and the marts are checked against an independent pandas recomputation straight
   from the ORIGINAL published files (never from the mapped CSVs):

   - Maven: overall win rate 4238 / 6711 = 0.631501; won and lost counts per manager;
     mean days engage -> close of won deals per product (GTX Pro 48.326475 ... GTK 500
     64.066667);
   - Olist: MQL -> won conversion 842 / 8000 = 0.10525 overall and per origin / channel;
   - MRR playbook: MRR 1,840 / 1,255 / 175 for Nov 2019 / Dec 2019 / Jan 2020 and 54 churn
     events (month-end snapshots, D1).

The published files live in ../shared/data (env PUBLIC_DATA_DIR overrides); the tests
skip when they are absent. PUBLIC_DATASETS_SKIP_DBT=1 skips the dbt builds.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from revops_warehouse.public_datasets import common, maven, mrr_playbook, olist

PROJECT_DIR = Path(__file__).resolve().parents[2]

DATA_DIR = Path(
    os.environ.get("PUBLIC_DATA_DIR", Path(__file__).resolve().parents[3] / "shared" / "data")
)
MAVEN_DIR = DATA_DIR / "maven_crm_sales_opportunities"
OLIST_DIR = DATA_DIR / "olist_marketing_funnel"
PLAYBOOK_DIR = DATA_DIR / "dbt_mrr_playbook"

pytestmark = pytest.mark.skipif(not MAVEN_DIR.exists(), reason="public datasets not present")


def read_original(path: Path, **kwargs) -> pd.DataFrame:
    """A published file read by plain pandas (the independent side of every check)."""
    return pd.read_csv(path, **kwargs)


def read_mapped(out_dir: Path, source: str, table: str) -> pd.DataFrame:
    """A mapped raw table as text (missing = '')."""
    return pd.read_csv(out_dir / "raw" / source / f"{table}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def mapped(tmp_path_factory) -> dict[str, Path]:
    """Every dataset mapped once into a temporary folder (no dbt)."""
    root = tmp_path_factory.mktemp("public_mapped")
    maven.map_dataset(MAVEN_DIR, root / "maven")
    maven.map_dataset(MAVEN_DIR, root / "maven_ddmmyy", pipeline_variant="ddmmyy")
    olist.map_dataset(OLIST_DIR, root / "olist")
    mrr_playbook.map_dataset(PLAYBOOK_DIR, root / "mrr_playbook")
    return {name: root / name for name in ("maven", "maven_ddmmyy", "olist", "mrr_playbook")}


def log_rows(out_dir: Path, rule_id: str) -> int:
    """Rows touched by one cleaning rule (summed over files)."""
    log = pd.read_csv(out_dir / "cleaning_log.csv")
    return int(log.loc[log["rule_id"] == rule_id, "rows_touched"].sum())


# --------------------------------------------------------------------------- layout


@pytest.mark.parametrize("dataset", ["maven", "olist", "mrr_playbook"])
def test_every_raw_table_written_with_contract_headers(mapped, dataset):
    layout = common.raw_layout()
    simple = {"mrr_playbook": {("billing", "subscription_period")}}.get(dataset, set())
    for source, tables in layout.items():
        written = {p.stem for p in (mapped[dataset] / "raw" / source).glob("*.csv")}
        assert written == set(tables) | {t for s, t in simple if s == source}, source
        for table, columns in tables.items():
            header = (mapped[dataset] / "raw" / source / f"{table}.csv").read_text().split("\n")[0]
            assert header.split(",") == columns, f"{source}.{table}"
    for source, table in simple:
        header = (mapped[dataset] / "raw" / source / f"{table}.csv").read_text().split("\n")[0]
        assert header.split(",") == common.SIMPLE_LAYOUT_TABLES[(source, table)]


def test_raw_layout_parser_reads_parenthesised_notes():
    layout = common.raw_layout()
    assert layout["crm"]["opportunity_history"][0] == "id"  # "(Fivetran history mode) id"
    assert "event_type" in layout["marketing"]["lead_event"]
    assert "form_fill" not in layout["marketing"]["lead_event"]  # enum list dropped


# --------------------------------------------------------------------------- encoding faults


def test_bom_crlf_and_missing_spellings_are_normalised(tmp_path):
    path = tmp_path / "dirty.csv"
    path.write_bytes(b"\xef\xbb\xbfid ,value\r\na,NA\r\nb, null \r\nc,3\r\n")
    published = common.read_published_csv(path)
    assert published.had_bom
    assert list(published.frame.columns) == ["id", "value"]  # no '\ufeffid', no 'id '
    assert published.crlf_lines == 4
    assert published.frame["value"].tolist() == ["", "", "3"]
    assert published.missing_spellings == {"NA": 1, "null": 1}


def test_maven_files_have_crlf_line_endings_and_no_bom(mapped):
    published = common.read_published_csv(MAVEN_DIR / "sales_pipeline.csv")
    assert not published.had_bom
    assert published.crlf_lines == 8801  # header + 8,800 rows
    assert "\r" not in (mapped["maven"] / "raw" / "crm" / "opportunity.csv").read_text()


def test_ragged_line_is_an_error_not_a_silent_shift(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(ValueError, match="line 3"):
        common.read_published_csv(path)


# --------------------------------------------------------------------------- Maven faults


def test_maven_gtxpro_matches_gtx_pro(mapped):
    pipeline = read_original(MAVEN_DIR / "sales_pipeline.csv")
    products = read_original(MAVEN_DIR / "products.csv")
    unmatched = set(pipeline["product"]) - set(products["product"])
    assert unmatched == {"GTXPro"}  # the fault
    gtxpro = int((pipeline["product"] == "GTXPro").sum())
    mapped_products = pd.read_csv(mapped["maven"] / "extras" / "opportunity_product.csv")
    assert set(mapped_products["product"]) <= set(products["product"])
    assert log_rows(mapped["maven"], "PRODUCT_NAME") == gtxpro == 1480
    assert mapped_products["sales_price"].notna().all()


def test_maven_day_first_reexport_maps_to_identical_raw_tables(mapped):
    for source in common.SOURCES:
        for path in (mapped["maven"] / "raw" / source).glob("*.csv"):
            twin = mapped["maven_ddmmyy"] / "raw" / source / path.name
            assert path.read_bytes() == twin.read_bytes(), f"{source}/{path.name}"
    assert log_rows(mapped["maven_ddmmyy"], "DATE_DAYFIRST") == 8300 + 6711


def test_maven_day_first_read_as_year_first_is_caught(monkeypatch, tmp_path):
    # '20-10-16' read as yy-mm-dd is 2020-10-16: the export's own quarter column disagrees.
    monkeypatch.setitem(
        maven.PIPELINE_FILES,
        "ddmmyy",
        ("sales_pipeline_variant_ddmmyy_with_quarters.csv", "%y-%m-%d"),
    )
    with pytest.raises(ValueError):
        maven.map_dataset(MAVEN_DIR, tmp_path / "wrong", pipeline_variant="ddmmyy")


def test_maven_sector_typo_and_country_spelling(mapped):
    accounts = read_mapped(mapped["maven"], "crm", "account")
    assert "technolgy" not in set(accounts["industry"])
    assert (accounts["industry"] == "technology").sum() == 12
    original = read_original(MAVEN_DIR / "accounts.csv")
    philipines = original.loc[original["office_location"] == "Philipines", "account"].iloc[0]
    assert accounts.set_index("name").loc[philipines, "billing_country_code"] == "PH"
    assert (accounts["billing_country_code"] != "").all()


def test_maven_no_row_dropped_silently(mapped):
    pipeline = read_original(MAVEN_DIR / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    opportunities = read_mapped(mapped["maven"], "crm", "opportunity")
    rejects = pd.read_csv(mapped["maven"] / "rejected_rows.csv", dtype=str)
    assert len(opportunities) + len(rejects) == len(pipeline) == 8800
    assert set(opportunities["id"]) | set(rejects["key"]) == set(pipeline["opportunity_id"])
    # the rejects are exactly the Prospecting deals with no date at all
    no_date = pipeline[(pipeline["engage_date"] == "") & (pipeline["close_date"] == "")]
    assert set(rejects["key"]) == set(no_date["opportunity_id"])
    assert set(no_date["deal_stage"]) == {"Prospecting"} and len(no_date) == 500


def test_maven_blank_account_and_lost_zero_value(mapped):
    pipeline = read_original(MAVEN_DIR / "sales_pipeline.csv", dtype=str, keep_default_na=False)
    opportunities = read_mapped(mapped["maven"], "crm", "opportunity").set_index("id")
    blank = pipeline.loc[
        (pipeline["account"] == "") & (pipeline["engage_date"] != ""), "opportunity_id"
    ]
    assert (opportunities.loc[blank, "account_id"] == "").all() and len(blank) == 1088
    assert set(pipeline.loc[pipeline["account"] == "", "deal_stage"]) <= {"Engaging", "Prospecting"}
    lost = pipeline.loc[pipeline["deal_stage"] == "Lost"]
    assert set(lost["close_value"]) == {"0"}  # the fault: a lost deal's value is never recorded
    assert (opportunities.loc[lost["opportunity_id"], "amount"] == "").all()


def test_maven_stage_names_known_to_stage_mapping(mapped):
    stage_mapping = pd.read_csv(PROJECT_DIR / "seeds" / "lookups" / "stage_mapping.csv")
    opportunities = read_mapped(mapped["maven"], "crm", "opportunity")
    history = read_mapped(mapped["maven"], "crm", "opportunity_history")
    keys = set(stage_mapping["raw_stage_key"])
    assert set(opportunities["stage_name"].str.lower()) <= keys
    assert set(history["stage_name"].str.lower()) <= keys


# --------------------------------------------------------------------------- Olist faults


def test_olist_won_date_is_utc_and_converted_to_sao_paulo(mapped):
    deals = read_original(OLIST_DIR / "olist_closed_deals_dataset.csv")
    times = deals["won_date"].str[11:]
    # local midnights: 03:00 UTC (UTC-3), 02:00 UTC in Brazilian daylight time (UTC-2)
    assert times.value_counts().head(2).to_dict() == {"03:00:00": 49, "02:00:00": 12}
    opportunities = read_mapped(mapped["olist"], "crm", "opportunity").set_index("id")
    row = deals.loc[deals["won_date"] == "2018-01-19 02:00:00"].iloc[0]
    assert opportunities.loc[row["mql_id"], "close_date"] == "2018-01-19"
    assert log_rows(mapped["olist"], "WON_DATE_UTC") == 3  # UTC date != local date


def test_olist_won_before_first_contact(mapped):
    opportunities = read_mapped(mapped["olist"], "crm", "opportunity").set_index("id")
    leads = read_mapped(mapped["olist"], "crm", "lead").set_index("id")
    mql = "b91cf8812365f50ff4bda4bcd6206b05"  # first contact 2018-03-08, won 2018-03-06
    assert leads.loc[mql, "created_date"].startswith("2018-03-08")
    assert opportunities.loc[mql, "created_date"].startswith("2018-03-06")
    assert opportunities.loc[mql, "close_date"] == "2018-03-06"
    created = opportunities["created_date"].str[:10]
    assert (created <= opportunities["close_date"]).all()


def test_olist_origin_blank_and_unmapped_spellings(mapped):
    channel_mapping = pd.read_csv(PROJECT_DIR / "seeds" / "lookups" / "channel_mapping.csv")
    mqls = read_original(
        OLIST_DIR / "olist_marketing_qualified_leads_dataset.csv", dtype=str, keep_default_na=False
    )
    assert (mqls["origin"] == "").sum() == 60
    # the raw spellings are not channel_mapping keys (a missing key fails the build)
    assert not {"direct_traffic", "social", "other_publicities"} & set(
        channel_mapping["raw_source_key"]
    )
    leads = read_mapped(mapped["olist"], "crm", "lead")
    keys = leads["lead_source"].str.strip().str.lower().replace("", "(blank)")
    assert set(keys) <= set(channel_mapping["raw_source_key"])
    mapped_channel = keys.map(channel_mapping.set_index("raw_source_key")["channel"])
    expected = mqls["origin"].map(olist.ORIGIN_TO_CHANNEL)
    assert mapped_channel.tolist() == expected.tolist()


def test_olist_every_mql_and_deal_kept(mapped):
    assert len(read_mapped(mapped["olist"], "crm", "lead")) == 8000
    assert len(read_mapped(mapped["olist"], "marketing", "lead_event")) == 8000
    assert len(read_mapped(mapped["olist"], "crm", "opportunity")) == 842
    assert len(pd.read_csv(mapped["olist"] / "rejected_rows.csv")) == 0


def test_olist_declared_revenue_zero_is_not_declared(mapped):
    deals = read_original(OLIST_DIR / "olist_closed_deals_dataset.csv")
    opportunities = read_mapped(mapped["olist"], "crm", "opportunity")
    assert (deals["declared_monthly_revenue"] == 0).sum() == 797
    assert (opportunities["amount"] != "").sum() == 45
    assert set(opportunities["currency_iso_code"]) == {"BRL"}
    fx = read_mapped(mapped["olist"], "finance", "fx_rate")
    assert "BRL" not in set(fx["currency"])  # never an invented rate


# --------------------------------------------------------------------------- playbook


def test_playbook_lands_periods_without_invented_invoices(mapped):
    periods = read_original(PLAYBOOK_DIR / "subscription_periods.csv", dtype=str)
    landed = read_mapped(mapped["mrr_playbook"], "billing", "subscription_period")
    assert len(landed) == len(periods) == 121
    assert landed["mrr"].tolist() == periods["monthly_amount"].tolist()
    assert landed["end_date"].tolist() == periods["end_date"].fillna("").tolist()
    assert set(landed["currency"]) == {"USD"}
    # the simple layout needs no invoices, prices, subscriptions or FX rows
    for table in ("invoice", "invoice_line_item", "price", "subscription", "subscription_item"):
        assert read_mapped(mapped["mrr_playbook"], "billing", table).empty, table
    assert read_mapped(mapped["mrr_playbook"], "finance", "fx_rate").empty


# --------------------------------------------------------------------------- dbt builds

SKIP_DBT = os.environ.get("PUBLIC_DATASETS_SKIP_DBT") == "1"
needs_dbt = pytest.mark.skipif(SKIP_DBT, reason="PUBLIC_DATASETS_SKIP_DBT=1")


class Warehouse:
    """A dataset built through `scripts/build_public_dataset.sh` in a temporary folder."""

    def __init__(self, dataset: str, root: Path):
        self.dataset = dataset
        self.out_dir = root / dataset
        target = root / f"target_{dataset}"
        env = os.environ | {
            "PUBLIC_DATA_OUT_DIR": str(root),
            "PUBLIC_DATA_TARGET_PATH": str(target),
            "PUBLIC_DATA_SOURCE_DIR": str(
                {"maven": MAVEN_DIR, "olist": OLIST_DIR, "mrr_playbook": PLAYBOOK_DIR}[dataset]
            ),
        }
        self.process = subprocess.run(
            ["bash", str(PROJECT_DIR / "scripts" / "build_public_dataset.sh"), dataset],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.failures = []
        results = target / "run_results.json"
        if results.exists():
            self.failures = [
                f"{r['unique_id']}: {r['status']} {(r.get('message') or '')[:200]}"
                for r in json.loads(results.read_text())["results"]
                if r["status"] in ("error", "fail")
            ]
        manifest = json.loads((target / "manifest.json").read_text())
        self.relations = {
            node["name"]: node["relation_name"]
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
        }
        self.database = self.out_dir / "warehouse.duckdb"

    def query(self, sql: str) -> pd.DataFrame:
        """Run `sql` with `{model_name}` placeholders for relations; a DataFrame."""
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql.format(**self.relations)).df()


@pytest.fixture(scope="session")
def warehouses(tmp_path_factory):
    """Build each dataset at most once per pytest process, on first use (session scope:
    pytest-xdist interleaves modules on a worker, which rebuilds a module-scoped fixture)."""
    root = tmp_path_factory.mktemp("public_build")
    cache: dict[str, Warehouse] = {}

    def get(dataset: str) -> Warehouse:
        if dataset not in cache:
            cache[dataset] = Warehouse(dataset, root)
        return cache[dataset]

    return get


@needs_dbt
@pytest.mark.parametrize("dataset", ["maven", "olist", "mrr_playbook"])
def test_dbt_build_passes(warehouses, dataset):
    warehouse = warehouses(dataset)
    assert warehouse.process.returncode == 0, (
        "\n".join(warehouse.failures) or warehouse.process.stdout[-3000:]
    )


# --- Maven: independent figures from the original files


def maven_original() -> pd.DataFrame:
    pipeline = read_original(MAVEN_DIR / "sales_pipeline.csv")
    teams = read_original(MAVEN_DIR / "sales_teams.csv")
    return pipeline.merge(teams, on="sales_agent", how="left", validate="many_to_one")


@needs_dbt
def test_maven_overall_win_rate(warehouses):
    pipeline = maven_original()
    won = int((pipeline["deal_stage"] == "Won").sum())
    lost = int((pipeline["deal_stage"] == "Lost").sum())
    assert (won, lost) == (4238, 2473)
    totals = (
        warehouses("maven")
        .query("""
        select sum(won_count) as won, sum(lost_count) as lost
        from {fct_win_rates_monthly} where dimension = 'total'
    """)
        .iloc[0]
    )
    assert (int(totals["won"]), int(totals["lost"])) == (won, lost)
    assert totals["won"] / (totals["won"] + totals["lost"]) == pytest.approx(
        won / (won + lost), abs=1e-9
    )
    assert won / (won + lost) == pytest.approx(0.631501, abs=1e-6)


@needs_dbt
def test_maven_won_and_lost_per_manager(warehouses):
    pipeline = maven_original()
    closed = pipeline[pipeline["deal_stage"].isin(["Won", "Lost"])]
    expected = (
        closed.groupby(["manager", "deal_stage"])
        .size()
        .unstack()
        .rename(columns={"Won": "won", "Lost": "lost"})[["won", "lost"]]
    )
    actual = (
        warehouses("maven")
        .query("""
        select managers.user_name as manager,
            sum(win_rates.won_count) as won, sum(win_rates.lost_count) as lost
        from {fct_win_rates_monthly} as win_rates
        inner join {stg_crm__users} as reps on win_rates.dimension_value = reps.user_id
        inner join {stg_crm__users} as managers on reps.manager_user_id = managers.user_id
        where win_rates.dimension = 'rep'
        group by 1
    """)
        .set_index("manager")
        .astype(int)
        .sort_index()
    )
    pd.testing.assert_frame_equal(actual, expected.astype(int).sort_index(), check_names=False)


@needs_dbt
def test_maven_days_engage_to_close_of_won_deals_per_product(warehouses):
    pipeline = maven_original()
    won = pipeline[pipeline["deal_stage"] == "Won"].copy()
    won["product"] = won["product"].replace({"GTXPro": "GTX Pro"})  # fault M1, independently
    won["days"] = (pd.to_datetime(won["close_date"]) - pd.to_datetime(won["engage_date"])).dt.days
    expected = won.groupby("product")["days"].mean()
    warehouse = warehouses("maven")
    cycles = warehouse.query("""
        select opportunity_id, cycle_days from {fct_opportunities} where status = 'won'
    """)
    products = pd.read_csv(warehouse.out_dir / "extras" / "opportunity_product.csv")
    actual = cycles.merge(products, on="opportunity_id", validate="one_to_one")
    actual = actual.groupby("product")["cycle_days"].mean()
    pd.testing.assert_series_equal(actual.sort_index(), expected.sort_index(), check_names=False)
    assert expected["GTX Pro"] == pytest.approx(48.326475, abs=1e-6)
    # the sales-cycle mart agrees overall (won-count-weighted mean of the monthly means)
    overall = warehouse.query("""
        select sum(avg_sales_cycle_days * won_count) / sum(won_count) as mean_days
        from {fct_sales_cycle_monthly} where dimension = 'total' and won_count > 0
    """).iloc[0, 0]
    assert overall == pytest.approx(won["days"].mean(), abs=1e-6)


# --- Olist

OLIST_CHANNELS = {  # docs/public_datasets.md, origin -> channel table
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


def olist_original() -> pd.DataFrame:
    mqls = read_original(
        OLIST_DIR / "olist_marketing_qualified_leads_dataset.csv", dtype=str, keep_default_na=False
    )
    deals = read_original(OLIST_DIR / "olist_closed_deals_dataset.csv", dtype=str)
    mqls["won"] = mqls["mql_id"].isin(deals["mql_id"])
    return mqls


@needs_dbt
def test_olist_mql_to_won_conversion_overall_and_per_origin(warehouses):
    mqls = olist_original()
    assert (int(mqls["won"].sum()), len(mqls)) == (842, 8000)
    warehouse = warehouses("olist")
    funnel = warehouse.query("""
        select lead_id, channel, mql_date, is_customer from {fct_lead_funnel}
    """)
    assert len(funnel) == 8000 and funnel["mql_date"].notna().all()
    assert funnel["is_customer"].mean() == pytest.approx(mqls["won"].mean(), abs=1e-12)
    assert mqls["won"].mean() == pytest.approx(0.10525, abs=1e-12)
    # per origin: the warehouse rows carry the origin through extras/lead_origin.csv
    origins = pd.read_csv(
        warehouse.out_dir / "extras" / "lead_origin.csv", dtype=str, keep_default_na=False
    )
    per_origin = funnel.merge(origins, on="lead_id", validate="one_to_one")
    actual = per_origin.groupby("origin")["is_customer"].mean()
    expected = mqls.groupby("origin")["won"].mean()
    pd.testing.assert_series_equal(
        actual.sort_index(), expected.sort_index(), check_names=False, check_dtype=False
    )
    # per channel, straight from the mart
    mqls["channel"] = mqls["origin"].map(OLIST_CHANNELS)
    expected_channel = mqls.groupby("channel")["won"].mean()
    actual_channel = funnel.groupby("channel")["is_customer"].mean()
    pd.testing.assert_series_equal(
        actual_channel.sort_index(),
        expected_channel.sort_index(),
        check_names=False,
        check_dtype=False,
    )


# --- MRR playbook


def playbook_month_end_mrr() -> pd.DataFrame:
    """Customer x month MRR at month end (D1) from the original periods, [start, end)."""
    periods = read_original(
        PLAYBOOK_DIR / "subscription_periods.csv", parse_dates=["start_date", "end_date"]
    )
    months = pd.date_range("2017-09-01", "2020-01-01", freq="MS")
    frames = []
    for month in months:
        month_end = month + pd.offsets.MonthEnd(0)
        active = periods[(periods["start_date"] <= month_end) & (periods["end_date"] > month_end)]
        frames.append(active.groupby("customer_id")["monthly_amount"].sum().rename(month))
    return pd.concat(frames, axis=1).reindex(columns=months).fillna(0)


@needs_dbt
def test_playbook_mrr_last_three_months_and_churn_events(warehouses):
    grid = playbook_month_end_mrr()
    expected_mrr = grid.sum().tail(3)
    assert expected_mrr.tolist() == [1840, 1255, 175]
    previous = grid.shift(axis=1).fillna(0)
    churn_events = int(((previous > 0) & (grid == 0)).to_numpy().sum())
    assert churn_events == 54
    warehouse = warehouses("mrr_playbook")
    mrr = warehouse.query("""
        select month_start, mrr from {fct_mrr_arr_monthly}
        where dimension = 'total' order by month_start
    """)
    assert mrr["mrr"].astype(float).tail(3).tolist() == expected_mrr.astype(float).tolist()
    assert pd.to_datetime(mrr["month_start"]).max() == pd.Timestamp("2020-01-01")
    churned = warehouse.query("""
        select sum(churned_customers) as churned from {fct_churn_monthly} where dimension = 'total'
    """).iloc[0, 0]
    assert int(churned) == churn_events
    movements = warehouse.query("""
        select count(*) from {fct_customer_mrr_months} where movement = 'churn'
    """).iloc[0, 0]
    assert int(movements) == churn_events
