"""Build the committed example of README "Your own data in ten minutes" and check its figures.

`examples/your_data/` is invented data in the three simple layouts (issue 12): a
subscription-periods billing file, a CRM deals file with stage history and accounts, and an
ad-spend file of Google Ads, Meta and TikTok (a platform the demo does not have), with the
dates and decimals a US export and a European ad export write (vars in `vars.yml`). One dbt
build in source mode (unit tests excluded), no invented invoices, no FX rows (USD is the
reporting currency). Every expected figure is worked out by hand from the files in the
comments below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = PROJECT_DIR / "examples" / "your_data"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("example_your_data")]


@pytest.fixture(scope="session")
def example(tmp_path_factory) -> dict:
    """One dbt build of the example; returns the DuckDB path and the run results."""
    workdir = tmp_path_factory.mktemp("example_your_data")
    database = workdir / "example.duckdb"
    target = workdir / "target"
    dbt = Path(sys.executable).with_name("dbt")
    process = subprocess.run(
        [
            str(dbt),
            "build",
            "--exclude",
            "test_type:unit",
            "--target-path",
            str(target),
            "--vars",
            (EXAMPLE_DIR / "vars.yml").read_text(),
        ],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "DBT_DUCKDB_PATH": str(database),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
        },
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {"process": process, "database": database, "results": results}


def query(example: dict, sql: str) -> list[tuple]:
    with duckdb.connect(str(example["database"]), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_build_passes_with_only_the_expected_warning(example):
    failures = [r["unique_id"] for r in example["results"] if r["status"] in ("error", "fail")]
    assert example["process"].returncode == 0, failures or example["process"].stdout[-3000:]
    warned = sorted(r["unique_id"] for r in example["results"] if r["status"] == "warn")
    # 'Podcast' (D08, D12) is not in seed channel_mapping: channel unknown, one warning
    # naming the seed (var strict_lead_sources would make it an error); and the closed deals
    # without a stage history (10 of 11: all but D09) take their closed date from the CRM
    # field, which the history test counts as a warning (issue 11: counted, not silent)
    assert len(warned) == 2
    assert "assert_closed_opportunities_have_a_closing_in_history" in warned[0]
    assert "lead_source_key__raw_source_key__ref_channel_mapping" in warned[1]


def test_closed_dates_from_history_else_the_crm_field(example):
    # 11 closed deals (D01-D10, D14); only D09 has a stage history with a closing (Closed Lost
    # on 05/15/2024)
    rows = query(
        example,
        "select close_date_source, count(*) from main_salesops.fct_opportunities"
        " where close_date is not null group by 1 order by 1",
    )
    assert rows == [("crm_field", 10), ("history", 1)]


def test_no_invoice_or_invented_billing_row(example):
    # billing comes from the 10 period rows; Stripe tables are read as empty
    assert query(example, "select count(*) from main.stg_billing__invoice_line_items") == [(0,)]
    assert query(example, "select count(*) from main.stg_billing__subscription_periods") == [(10,)]
    assert query(example, "select count(*) from main.stg_billing__customers") == [(8,)]


def test_month_end_mrr_by_hand(example):
    # Month-end MRR (D1), end dates exclusive (D2), overlap rule 'sum' (default):
    # Jan: C01 100 + C02 2400/12 = 200 (from Jan 15) + C03 50                 = 350
    # Feb: + C04 50 + C06 50                                                    = 450
    # Mar: C06 ends Mar 1 (0); C04 + add-on 3 x 10 = 80; C05 (5 x 40 - 20) = 180 = 610
    # Apr: C03 ends Apr 1 (0); + C07 100                                        = 660
    # May: + C06 back 60 (reactivation) + C08 100                               = 820
    # Jun: C08 ends Jun 15 (0)                                                  = 720
    rows = query(
        example,
        "select month_start, mrr from main_revops.fct_mrr_arr_monthly "
        "where dimension = 'total' order by month_start",
    )
    assert [float(mrr) for _, mrr in rows] == [350, 450, 610, 660, 820, 720]
    movements = dict(
        query(
            example,
            "select movement, count(*) from main_revops.fct_customer_mrr_months group by 1",
        )
    )
    # new: C01 C02 C03 (Jan), C04 C06 (Feb), C05 (Mar), C07 (Apr), C08 (May); churn: C06
    # (Mar), C03 (Apr), C08 (Jun); expansion: C04's add-on (Mar); reactivation: C06 (May)
    assert (movements["new"], movements["churn"], movements["expansion"]) == (8, 3, 1)
    assert movements["reactivation"] == 1


def test_spend_of_any_platform_with_decimal_comma(example):
    # one row every Monday (26 in H1 2024; 5 in January): Google Ads "150,00",
    # Meta "100,00", TikTok Ads "80,50" -> paid_social = Meta + TikTok (seed channel_mapping)
    platforms = query(
        example,
        "select ad_platform, channel, count(*), sum(spend_amount) "
        "from main.stg_marketing__ad_spend group by 1, 2 order by 1",
    )
    assert [(p, c, n, float(s)) for p, c, n, s in platforms] == [
        ("google_ads", "paid_search", 26, 3900.0),
        ("meta", "paid_social", 26, 2600.0),
        ("tiktok_ads", "paid_social", 26, 2093.0),
    ]
    january = dict(
        query(
            example,
            "select dimension_value, spend from main_revops.fct_marketing_roi_monthly "
            "where dimension = 'channel' and month_start = '2024-01-01' and spend > 0",
        )
    )
    assert {k: float(v) for k, v in january.items()} == {"paid_search": 750.0, "paid_social": 902.5}


def test_roas_from_crm_attributed_new_arr(example):
    # C01 (account A01, won deal from Google Ads) is new in January: 12 x 100 = 1,200 ARR on
    # 750 spend -> ROAS 1.6; C05 (A05, Google Ads) new in March: 12 x 180 = 2,160 on 600 -> 3.6
    rows = query(
        example,
        "select month_start, roas from main_revops.fct_marketing_roi_monthly "
        "where dimension = 'channel' and dimension_value = 'paid_search' "
        "and month_start in ('2024-01-01', '2024-03-01') order by 1",
    )
    assert [round(r, 6) for _, r in rows] == [1.6, 3.6]


def test_platform_cpa_and_roas_from_reported_conversions(example):
    # January, every Monday reports conversions: Google Ads 5 x (150 spend, 2 conversions
    # worth 2,400) -> paid_search 750 / 10 = CPA 75, 12,000 / 750 = ROAS 16; paid_social =
    # Meta 5 x (100, 1, 600) + TikTok 5 x (80.50, 0, 0): 902.50 / 5 = CPA 180.5,
    # 3,000 / 902.50 = ROAS 3.3241 (TikTok's reported 0 counts: it is not missing)
    rows = query(
        example,
        "select dimension_value, platform_conversions, platform_conversion_value, "
        "platform_cpa, platform_roas from main_revops.fct_marketing_roi_monthly "
        "where dimension = 'channel' and month_start = '2024-01-01' "
        "and platform_conversions is not null order by 1",
    )
    assert [(d, float(n), float(v), round(c, 4), round(r, 4)) for d, n, v, c, r in rows] == [
        ("paid_search", 10.0, 12000.0, 75.0, 16.0),
        ("paid_social", 5.0, 3000.0, 180.5, round(3000 / 902.5, 4)),
    ]


def test_deals_owner_less_unknown_source_and_segments(example):
    deals = {
        row[0]: row[1:]
        for row in query(
            example,
            "select opportunity_id, owner_user_id, channel, segment, status "
            "from main_salesops.fct_opportunities",
        )
    }
    assert len(deals) == 14
    # D08 and D12 have no owner: 'unassigned' in staging; their source 'Podcast' -> unknown
    assert deals["D08"] == ("unassigned", "unknown", "smb", "won")
    assert deals["D12"][:2] == ("unassigned", "unknown")
    # 'mid market' and 'Mid-Market' both map to mid_market (seed segment_mapping); D13's
    # account 'Kestrel Inc' is not in accounts.csv: derived from the deal, segment unknown
    assert deals["D07"][2] == deals["D04"][2] == "mid_market"
    assert deals["D13"] == ("Maya Chen", "paid_social", "unknown", "open")
    # m/d/yyyy read by var simple_layout_date_format: 8 won, 3 lost, 3 open
    statuses = [d[3] for d in deals.values()]
    assert (statuses.count("won"), statuses.count("lost"), statuses.count("open")) == (8, 3, 3)
    reps = {
        r[0] for r in query(example, "select user_id from main_salesops.fct_rep_scorecard_monthly")
    }
    assert reps == {"Maya Chen", "Leo Duarte", "unassigned"}


def test_stage_history_file_feeds_pipeline_snapshots(example):
    # D13 entered Negotiation on 2024-06-12: open in Negotiation at the June month-end
    rows = query(
        example,
        "select stage_name from main.stg_crm__opportunity_stage_history "
        "where opportunity_id = 'D13' order by valid_from_at",
    )
    assert [r[0] for r in rows] == ["discovery", "demo", "negotiation"]
