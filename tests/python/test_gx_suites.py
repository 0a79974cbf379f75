"""Great Expectations suites (scripts/validate_with_gx.py) pass on good data, fail on bad.

The raw suites run on the demo seeds; the mart suites on the demo build. Broken copies
(a duplicated id, a NaN ratio, a ratio above 1, a broken MRR bridge) must fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from revops_warehouse import validate_with_gx as vgx
from revops_warehouse.oracle import RawTables


@pytest.fixture(scope="module")
def raw(demo_raw_dir) -> RawTables:
    return RawTables(demo_raw_dir)


@pytest.fixture(scope="module")
def validator() -> vgx.Validator:
    return vgx.Validator()


def test_raw_suites_pass_on_the_demo_seeds(raw):
    validator = vgx.Validator()
    vgx.validate_raw(validator, raw)
    failed = [(r.name, r.failures) for r in validator.results if not r.success]
    assert failed == []
    assert any(r.name == "raw_known_dirt" for r in validator.results)


def test_duplicate_id_and_negative_amount_fail_the_raw_suite(raw, validator):
    prices = raw.table("billing", "price")
    broken = prices.copy()
    broken.loc[broken.index[1], "id"] = broken.loc[broken.index[0], "id"]
    broken.loc[broken.index[2], "unit_amount"] = "-100"
    frame, expectations = vgx.raw_expectations("billing", "price", broken)
    result = validator.validate("broken_price", frame, expectations)
    assert not result.success
    text = "\n".join(result.failures)
    assert "expect_column_values_to_be_unique" in text
    assert "unit_amount" in text


def test_dirt_gone_fails_the_known_dirt_suite(validator):
    import pandas as pd

    clean_data = pd.DataFrame(
        [{"lead_duplicate_emails_after_normalisation": 0, "lead_soft_deleted": 3}]
    )
    result = validator.validate(
        "dirt_gone",
        clean_data,
        [vgx.gxe.ExpectColumnValuesToBeBetween(column=c, min_value=1) for c in clean_data.columns],
    )
    assert not result.success
    assert len(result.failures) == 1


def test_mart_suites_pass_on_the_demo_build(demo_warehouse):
    from revops_warehouse.oracle import load_settings

    validator = vgx.Validator()
    vgx.validate_marts(validator, demo_warehouse.database, len(load_settings().months))
    failed = [(r.name, r.failures) for r in validator.results if not r.success]
    assert failed == []


def test_broken_mart_frames_fail(demo_warehouse, validator):
    marts = vgx.read_marts(demo_warehouse.database)
    frame, types = marts["fct_mrr_movements_monthly"]
    months = int(frame.loc[frame["dimension"] == "total", "month_start"].nunique())

    good, expectations = vgx.mart_expectations("fct_mrr_movements_monthly", frame, types, months)
    assert validator.validate("movements_ok", good, expectations).success

    broken = frame.copy()
    first = broken.index[0]
    broken["end_mrr"] = broken["end_mrr"].astype("float64")
    broken.loc[first, "end_mrr"] = broken.loc[first, "end_mrr"] + 5  # bridge off by 5
    broken.loc[broken.index[1], "pct_customers_expanded"] = 1.5  # ratio above 1
    broken.loc[broken.index[2], "expansion_rate__nonfinite"] = True  # a NaN/inf slipped in
    broken.loc[broken.index[3], "pct_customers_expanded"] = np.nan
    checked, expectations = vgx.mart_expectations(
        "fct_mrr_movements_monthly", broken, types, months
    )
    result = validator.validate("movements_broken", checked, expectations)
    assert not result.success
    text = "\n".join(result.failures)
    assert "_bridge_residual" in text
    assert "pct_customers_expanded" in text
    assert "expansion_rate__nonfinite" in text
