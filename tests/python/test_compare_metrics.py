"""The comparer (scripts/compare_metrics.py) on the demo build, and proof that it can fail.

1. The oracle and the marts agree: zero differences on the demo warehouse.
2. Perturbations of a copy of the built DuckDB file (one month's MRR + 1, one customer's
   MRR + 1, one ratio + 0.01, a deleted row, an extra column) add exactly that difference:
   that metric, that grain key. They are measured against the untouched build's report, so
   they prove the comparer's sensitivity even while test 1 reports open differences.
3. Wrong oracle formulas (monkeypatched) are reported as differences.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from revops_warehouse import compare_metrics
from revops_warehouse.oracle import revops

# One worker computes the session's untouched-build report (`baseline`, about 20 s) once.
pytestmark = pytest.mark.xdist_group("compare_metrics")

MOVEMENTS = "fct_mrr_movements_monthly"
CUSTOMER_MONTHS = "fct_customer_mrr_months"


@pytest.fixture(scope="session")
def baseline(demo_warehouse, demo_raw_dir):
    """The comparer's report on the untouched demo build (computed once)."""
    return compare_metrics.run(demo_warehouse.database, demo_raw_dir)


@pytest.fixture
def warehouse_copy(demo_warehouse, tmp_path) -> Path:
    """A private copy of the built DuckDB file that a test may change."""
    copy = tmp_path / demo_warehouse.database.name  # same catalog name as the manifest
    shutil.copyfile(demo_warehouse.database, copy)
    return copy


def _execute(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path)) as con:
        return con.execute(sql, params or []).fetchall()


def _cells(report, model: str) -> set[tuple[str, tuple]]:
    """(metric, grain key) of every difference of one mart."""
    return {
        (d.metric, tuple(sorted(d.key.items()))) for d in report.differences if d.model == model
    }


def _added(report, baseline, model: str) -> set[tuple[str, tuple]]:
    """Differences of `report` that the untouched build does not have."""
    return _cells(report, model) - _cells(baseline, model)


def _cell(metric: str, **key) -> tuple[str, tuple]:
    return (metric, tuple(sorted(key.items())))


def _clean_total_month(demo_warehouse, baseline, metric: str, condition: str = "true") -> str:
    """A month whose total row has no baseline difference on `metric` (ISO date text)."""
    months = [
        str(row["month_start"])
        for row in demo_warehouse.query(
            MOVEMENTS,
            "select month_start from {model} "
            f"where dimension = 'total' and {condition} order by month_start",
        )
    ]
    dirty = _cells(baseline, MOVEMENTS)
    for month in months:
        key = _cell(metric, month_start=month, dimension="total", dimension_value="all")
        row = _cell("<row>", month_start=month, dimension="total", dimension_value="all")
        if key not in dirty and row not in dirty:
            return month
    pytest.fail(f"no total month of {MOVEMENTS} without a baseline difference on {metric}")


def test_demo_build_has_zero_differences(baseline):
    lines = [
        f"{d.model} {d.metric} {d.key} exp={d.expected!r} act={d.actual!r}"
        for d in baseline.differences[:40]
    ]
    assert not baseline.problems, baseline.problems
    assert baseline.differences == [], "\n".join(lines)
    checked = {r.model: r for r in baseline.results}
    assert checked[MOVEMENTS].rows_compared > 0
    assert checked[MOVEMENTS].metrics_checked >= 15


def test_mrr_plus_one_in_one_month_is_reported_exactly(
    demo_warehouse, baseline, warehouse_copy, demo_raw_dir
):
    month = _clean_total_month(demo_warehouse, baseline, "end_mrr")
    _execute(
        warehouse_copy,
        f"update {demo_warehouse.relation(MOVEMENTS)} set end_mrr = end_mrr + 1 "
        "where month_start = ? and dimension = 'total'",
        [month],
    )
    report = compare_metrics.run(warehouse_copy, demo_raw_dir, models=[MOVEMENTS])
    assert _added(report, baseline, MOVEMENTS) == {
        _cell("end_mrr", month_start=month, dimension="total", dimension_value="all")
    }
    [difference] = [
        d for d in report.differences if d.metric == "end_mrr" and d.key["month_start"] == month
    ]
    assert float(difference.actual) == pytest.approx(float(difference.expected) + 1, abs=0.01)


def test_customer_mrr_change_is_reported_for_that_customer_month(
    demo_warehouse, baseline, warehouse_copy, demo_raw_dir
):
    rows = demo_warehouse.query(
        CUSTOMER_MONTHS,
        "select customer_id from {model} "
        "where month_start = date '2025-03-01' and mrr > 0 order by customer_id",
    )
    dirty = _cells(baseline, CUSTOMER_MONTHS)
    customer_id = next(
        row["customer_id"]
        for row in rows
        if _cell("mrr", customer_id=row["customer_id"], month_start="2025-03-01") not in dirty
    )
    _execute(
        warehouse_copy,
        f"update {demo_warehouse.relation(CUSTOMER_MONTHS)} set mrr = mrr + 1 "
        "where month_start = date '2025-03-01' and customer_id = ?",
        [customer_id],
    )
    report = compare_metrics.run(warehouse_copy, demo_raw_dir, models=[CUSTOMER_MONTHS])
    assert _added(report, baseline, CUSTOMER_MONTHS) == {
        _cell("mrr", customer_id=customer_id, month_start="2025-03-01")
    }


def test_ratio_plus_0_01_is_reported_and_1e_7_is_tolerated(
    demo_warehouse, baseline, warehouse_copy, demo_raw_dir
):
    month = _clean_total_month(
        demo_warehouse,
        baseline,
        "expansion_rate",
        "expansion_rate is not null and pct_customers_expanded is not null",
    )
    _execute(
        warehouse_copy,
        f"update {demo_warehouse.relation(MOVEMENTS)} "
        "set expansion_rate = expansion_rate + 0.01, "
        "pct_customers_expanded = pct_customers_expanded + 1e-7 "
        "where month_start = ? and dimension = 'total'",
        [month],
    )
    report = compare_metrics.run(warehouse_copy, demo_raw_dir, models=[MOVEMENTS])
    assert _added(report, baseline, MOVEMENTS) == {
        _cell("expansion_rate", month_start=month, dimension="total", dimension_value="all")
    }


def test_missing_row_and_uncovered_column_are_reported(
    demo_warehouse, baseline, warehouse_copy, demo_raw_dir
):
    month = _clean_total_month(demo_warehouse, baseline, "end_mrr")
    relation = demo_warehouse.relation(MOVEMENTS)
    _execute(
        warehouse_copy,
        f"delete from {relation} where month_start = ? and dimension = 'total'",
        [month],
    )
    _execute(warehouse_copy, f"alter table {relation} add column unexplained_metric double")
    report = compare_metrics.run(warehouse_copy, demo_raw_dir, models=[MOVEMENTS])
    assert _added(report, baseline, MOVEMENTS) == {
        _cell("<row>", month_start=month, dimension="total", dimension_value="all"),
        _cell("unexplained_metric"),
    }
    argv = ["--duckdb", str(warehouse_copy), "--raw-dir", str(demo_raw_dir), "--models", MOVEMENTS]
    assert compare_metrics.main(argv) == 1


def test_wrong_oracle_formula_is_reported(demo_warehouse, baseline, demo_raw_dir, monkeypatch):
    original = revops.mrr_movements_monthly

    def churn_counted_twice(customer_months, settings):
        frame = original(customer_months, settings)
        frame["churned_mrr"] = frame["churned_mrr"] * 2  # a wrong formula
        return frame

    monkeypatch.setattr(revops, "mrr_movements_monthly", churn_counted_twice)
    report = compare_metrics.run(demo_warehouse.database, demo_raw_dir, models=[MOVEMENTS])
    added = _added(report, baseline, MOVEMENTS)
    assert added, "doubling churned MRR in the oracle must be reported"
    assert {metric for metric, _ in added} == {"churned_mrr"}


def test_ratio_coalesced_to_zero_in_the_oracle_is_reported(
    demo_warehouse, baseline, demo_raw_dir, monkeypatch
):
    def coalescing_div(numerator, denominator):  # the D20 defect: 0 instead of NULL
        result = pd.Series(numerator, dtype="float64") / pd.Series(denominator, dtype="float64")
        return result.replace([float("inf"), -float("inf")], 0).fillna(0)

    monkeypatch.setattr(revops, "safe_div", coalescing_div)
    report = compare_metrics.run(demo_warehouse.database, demo_raw_dir, models=[MOVEMENTS])
    null_vs_zero = [d for d in report.differences if d.expected == 0 and d.actual is None]
    assert null_vs_zero, "a ratio coalesced to 0 must differ from the mart's NULL"


def test_cli_exit_code_zero_on_the_demo_build(demo_warehouse, demo_raw_dir, capsys):
    # One mart: the CLI's path end to end; every mart is compared by
    # test_demo_build_has_zero_differences (and by scripts/test.sh's own CLI run).
    code = compare_metrics.main(
        ["--duckdb", str(demo_warehouse.database), "--raw-dir", str(demo_raw_dir),
         "--models", MOVEMENTS]
    )
    out = capsys.readouterr().out
    assert "RESULT: OK" in out, out[-3000:]
    assert code == 0
