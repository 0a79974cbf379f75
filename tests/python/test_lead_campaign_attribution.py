"""int_lead_campaign_attribution (issue 11 part 4) against the independent pandas oracle."""

from __future__ import annotations

import pandas as pd

from revops_warehouse.oracle import RawTables, load_settings
from revops_warehouse.oracle.campaigns import lead_campaign_attribution, name_key


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
