"""int_lead_rule_scores (WE13 rule set) against the independent pandas recomputation."""

from __future__ import annotations

from revops_warehouse.oracle import RawTables, load_settings
from revops_warehouse.oracle.lead_scoring import _like, lead_rule_scores


def test_like_matches_sql_percent_wildcards():
    assert _like("vp sales", "vp %")
    assert _like("director of marketing", "%director%")
    assert not _like("sales manager", "%director%")
    assert _like("student.uni.edu", "%.edu")


def test_every_lead_score_matches_the_oracle(demo_warehouse, demo_raw_dir):
    expected = lead_rule_scores(RawTables(demo_raw_dir), load_settings())
    rows = demo_warehouse.query(
        "int_lead_rule_scores", "select lead_id, lead_rule_score, is_rule_mql from {model}"
    )
    actual = {row["lead_id"]: (row["lead_rule_score"], row["is_rule_mql"]) for row in rows}
    assert len(actual) == len(expected) > 0
    mismatches = [
        (row.lead_id, (row.lead_rule_score, row.is_rule_mql), actual.get(row.lead_id))
        for row in expected.itertuples(index=False)
        if actual.get(row.lead_id) != (row.lead_rule_score, bool(row.is_rule_mql))
    ]
    assert mismatches == [], mismatches[:10]
