"""int_lead_campaign_attribution (issue 11 part 4) against the independent pandas oracle."""

from __future__ import annotations

import pandas as pd
import yaml

from revops_warehouse.oracle import RawTables, load_settings
from revops_warehouse.oracle.campaigns import (
    lead_campaign_attribution,
    name_key,
    utm_name_matches,
)
from revops_warehouse.paths import PROJECT_DIR

MODEL_YML = PROJECT_DIR / "models/intermediate/marketing/int_lead_campaign_attribution.yml"


def test_name_key_ignores_case_and_spaces():
    keys = name_key(pd.Series(["Generic - Revenue Ops", " generic -  REVENUE ops ", " ", None]))
    assert keys.iloc[0] == keys.iloc[1] == "generic-revenueops"
    assert pd.isna(keys.iloc[2]) and pd.isna(keys.iloc[3])


def test_every_lead_attribution_matches_the_oracle(demo_warehouse, demo_raw_dir):
    expected = lead_campaign_attribution(RawTables(demo_raw_dir), load_settings())
    rows = demo_warehouse.query(
        "int_lead_campaign_attribution",
        "select lead_id, attribution_source, campaign_key from {model}",
    )
    actual = {row["lead_id"]: (row["attribution_source"], row["campaign_key"]) for row in rows}
    assert len(actual) == len(expected) > 0
    mismatches = [
        (row.lead_id, (row.attribution_source, row.campaign_key), actual.get(row.lead_id))
        for row in expected.itertuples(index=False)
        if actual.get(row.lead_id) != (row.attribution_source, row.campaign_key)
    ]
    assert mismatches == [], mismatches[:10]
    # every step of the precedence occurs in the demo data
    assert set(expected["attribution_source"]) == {
        "primary_campaign", "campaign_member", "utm_ad_campaign", "unattributed"
    }


def test_oracle_utm_name_windows_match_the_worked_example():
    """The oracle's pair ranking gives the winners the dbt unit test expects (edge cases of
    the SQL's name windows: before any campaign, exactly at a rename, ties, a name reused)."""
    unit_tests = yaml.safe_load(MODEL_YML.read_text(encoding="utf-8"))["unit_tests"]
    case = next(t for t in unit_tests if t["name"].endswith("_utm_name_windows"))
    given = {g["input"]: g["rows"] for g in case["given"]}
    leads = pd.DataFrame(given["ref('stg_crm__leads')"])
    leads["created_at"] = pd.to_datetime(leads["created_at"])
    leads["utm_key"] = name_key(leads["utm_campaign"].astype("string"))
    names = pd.DataFrame(given["ref('int_ad_campaign_names')"])
    names["first_named_at"] = pd.to_datetime(names["first_named_at"])
    best = utm_name_matches(leads, names)
    actual = {r.lead_id: (r.ad_platform, r.ad_campaign_id) for r in best.itertuples()}
    expected = {
        r["lead_id"]: (r["ad_platform"], r["ad_campaign_id"]) for r in case["expect"]["rows"]
    }
    assert len(expected) == len(leads) == 11
    assert actual == expected
