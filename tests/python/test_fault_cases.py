"""End-to-end fault cases: ../shared/cases/README.md, built by the real project.

For each case, src/revops_warehouse/cases/make_case_fixtures.py converts the case's small input
files into a complete raw layer (every raw table of every source, docs/architecture.md
"Raw layer"), and tests/python/warehouse.py builds the project on it through the raw switch
(`raw_data_mode: source`, `<source>_external_location`) with `dbt build` in a subprocess.
The tests then query the marts and assert every expected value of the case README, and
that the faulty value is not produced. Each case is built once per session (one `dbt build`
subprocess per build key, 30-60 s each on two cores: a full parse, since vars differ); a case
whose input files are absent is skipped. `FAULT_CASES=TB02,NZ01 pytest ...` limits the builds
to those cases (`FAULT_CASES=none` skips them all).

Tolerances (G6): ratios 1e-6 absolute, money 0.005.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from datetime import date

import pytest

from revops_warehouse.cases.make_case_fixtures import build_case, cases_dir, write_case
from revops_warehouse.cases.raw_layout import (
    RAW_LAYOUT,
    parse_architecture_raw_layout,
)
from warehouse import PROJECT_DIR, Warehouse, build_warehouse

RATIO = 1e-6
MONEY = 0.005

REVOPS = [
    "+fct_customer_mrr_months", "+fct_mrr_movements_monthly", "+fct_mrr_arr_monthly",
    "+fct_churn_monthly",
]
SALESOPS = [
    "+fct_opportunities", "+fct_win_rates_monthly", "+fct_close_rates_monthly",
    "+fct_sales_cycle_monthly", "+fct_pipeline_velocity_monthly",
    "+fct_pipeline_stage_snapshot_monthly", "+fct_lead_funnel", "+fct_cost_per_lead_monthly",
]

# build key -> (case id, converter options, dbt --select, extra environment)
BUILDS: dict[str, tuple[str, dict, list[str], dict[str, str]]] = {
    "TB02": ("TB02", {}, REVOPS, {}),
    "TB02_as_of_month_end": ("TB02", {}, REVOPS, {}),
    "TB03": ("TB03", {}, REVOPS, {}),
    "PN01": ("PN01", {}, REVOPS, {}),
    "PN01_unknown_term": ("PN01", {"unknown_billing_term": True}, REVOPS, {}),
    "PN02": ("PN02", {}, REVOPS, {}),
    "SH01": ("SH01", {}, REVOPS, {}),
    "NZ01": ("NZ01", {}, REVOPS, {}),
    "NZ02": ("NZ02", {}, REVOPS + ["+fct_revenue_growth_monthly"], {}),
    # stg_crm__leads_rejects is a leaf (children read base_crm__leads_classified): select it.
    "DD02": ("DD02", {}, SALESOPS + ["+stg_crm__leads_rejects"], {}),
    "WR01": ("WR01", {}, SALESOPS, {}),
    "CU03": ("CU03", {}, ["+stg_billing__invoice_line_items", "+stg_billing__invoices"], {}),
    "CSV01": ("CSV01", {}, ["+stg_crm__leads_rejects", "+fct_cost_per_lead_monthly"], {}),
    # the machine's time zone must not matter (TZ01): the UTC build runs on a
    # process whose TZ is America/Los_Angeles.
    "TZ01_UTC": ("TZ01", {"company_time_zone": "UTC"}, SALESOPS,
                 {"TZ": "America/Los_Angeles"}),
    "TZ01_Paris": ("TZ01", {"company_time_zone": "Europe/Paris"}, SALESOPS, {}),
}
# vars that differ from the converter's (TB02: April evaluated on its month-end)
VAR_OVERRIDES = {"TB02_as_of_month_end": {"as_of_date": "2024-04-30"}}


@pytest.fixture(scope="session")
def case_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Warehouse]:
    """A function build key -> Warehouse that converts and builds each case once."""
    built: dict[str, Warehouse] = {}

    def get(key: str) -> Warehouse:
        if key in built:
            return built[key]
        case_id, options, select, extra_env = BUILDS[key]
        wanted = os.environ.get("FAULT_CASES", "").strip()
        if wanted and case_id not in {item.strip() for item in wanted.split(",")}:
            pytest.skip(f"fault case {case_id} not in FAULT_CASES={wanted}")
        if not (cases_dir() / case_id).is_dir():
            pytest.skip(f"fault case {case_id} not found in {cases_dir()} "
                        "(set FAULT_CASES_DIR or check out ../shared/cases)")
        workdir = tmp_path_factory.mktemp(f"case_{key}")
        case = build_case(case_id, **options)
        vars_ = {**write_case(case, workdir / "raw"), **VAR_OVERRIDES.get(key, {})}
        built[key] = build_warehouse(workdir / "raw", vars_, workdir, select=select,
                                     extra_env=extra_env)
        return built[key]

    return get


# --- helpers -----------------------------------------------------------------------------


def rows_of(warehouse: Warehouse, model: str, sql: str = "select * from {model}",
            params: tuple = ()) -> list[dict]:
    """Query a model; fail with the build's failures when it is missing."""
    if model not in warehouse.relations:
        pytest.fail(f"model {model} is not in the project (manifest) yet")
    if not warehouse.has_relation(model):
        pytest.fail(f"{model} was not built; dbt failures:\n{warehouse.failure_summary()}")
    return warehouse.query(model, sql, params)


def total_by_month(warehouse: Warehouse, model: str) -> dict[date, dict]:
    """The `dimension = 'total'` rows of a monthly mart, keyed by month_start."""
    rows = rows_of(warehouse, model,
                   "select * from {model} where dimension = 'total' order by month_start")
    by_month = {row["month_start"]: row for row in rows}
    assert len(by_month) == len(rows), f"{model}: more than one total row per month"
    return by_month


def customer_months(warehouse: Warehouse, customer_id: str) -> dict[date, dict]:
    """fct_customer_mrr_months rows of one customer, keyed by month_start."""
    rows = rows_of(warehouse, "fct_customer_mrr_months",
                   "select * from {model} where customer_id = ? order by month_start",
                   (customer_id,))
    return {row["month_start"]: row for row in rows}


def is_null(value: object) -> bool:
    """SQL NULL only (NaN is a float, not NULL: D20)."""
    return value is None


def assert_ratio(actual: object, expected: float | None, label: str) -> None:
    """Ratio check at 1e-6; expected None means SQL NULL (never 0, inf or NaN)."""
    if expected is None:
        assert is_null(actual), f"{label}: expected NULL, got {actual!r}"
        return
    assert actual is not None, f"{label}: expected {expected}, got NULL"
    assert math.isfinite(actual), f"{label}: expected {expected}, got {actual!r}"
    assert actual == pytest.approx(expected, abs=RATIO), f"{label}: {actual} != {expected}"


def assert_money(actual: object, expected: float, label: str) -> None:
    """Money check at 0.005 (NULL fails)."""
    assert actual is not None, f"{label}: expected {expected}, got NULL"
    assert actual == pytest.approx(expected, abs=MONEY), f"{label}: {actual} != {expected}"


def M(year: int, month: int) -> date:  # noqa: N802 - reads like a month literal
    """First day of a month (the marts' month key)."""
    return date(year, month, 1)


def assert_bridge(row: dict, label: str) -> None:
    """end = start + fx + new + reactivation + expansion - contraction - churn (D5/G4)."""
    computed = (row["start_mrr"] + (row["fx_impact"] or 0) + row["new_mrr"]
                + row["reactivation_mrr"] + row["expansion_mrr"] - row["contraction_mrr"]
                - row["churned_mrr"])
    assert_money(row["end_mrr"], computed, f"{label} bridge")


def assert_build_clean(warehouse: Warehouse) -> None:
    """No model error and no failing data test in the case's build."""
    assert not warehouse.failures, warehouse.failure_summary()


# --- the raw layer itself ----------------------------------------------------------------


def test_raw_layout_matches_architecture_contract() -> None:
    """The converter writes exactly the tables and headers of docs/architecture.md."""
    assert parse_architecture_raw_layout(PROJECT_DIR / "docs" / "architecture.md") == RAW_LAYOUT


def test_raw_layout_matches_demo_seed_headers() -> None:
    """Where a demo seed exists, its header is the raw table's header."""
    checked = 0
    for source, tables in RAW_LAYOUT.items():
        for table, columns in tables.items():
            seed = PROJECT_DIR / "seeds" / "raw" / source / f"raw_{source}__{table}.csv"
            if seed.exists():
                with seed.open(encoding="utf-8") as handle:
                    assert handle.readline().strip().split(",") == columns, seed.name
                checked += 1
    if checked == 0:
        pytest.skip("no demo seeds under seeds/raw yet")


@pytest.mark.parametrize("key", sorted(BUILDS))
def test_case_build_passes_data_tests(case_warehouse: Callable, key: str) -> None:
    """Each case builds with every data test of the selected models passing.

    PN01_unknown_term is the exception: an unrecognised billing term must stop the build.
    """
    warehouse = case_warehouse(key)
    if key == "PN01_unknown_term":
        assert warehouse.failures, (
            "a price with recurring_interval 'quarter' (not a known billing term) built "
            "without any failing test: it must stop the build, not default to monthly"
        )
        return
    assert_build_clean(warehouse)


# --- TB02 --------------------------------------------------------------------------------

TB02_EXPECTED = {
    # month: (MRR, customers, new MRR, churned MRR, churned customers)
    M(2024, 1): (300, 2, 300, 0, 0),
    M(2024, 2): (350, 3, 50, 0, 0),
    M(2024, 3): (250, 2, 0, 100, 1),
    M(2024, 4): (250, 2, 0, 0, 0),
}


@pytest.mark.parametrize("key", ["TB02", "TB02_as_of_month_end"])
def test_tb02_live_customers_never_churn_and_april_is_present(
    case_warehouse: Callable, key: str
) -> None:
    """TB02: as of 2024-04-15 (and 2024-04-30): four months, one churn (C-21) only."""
    warehouse = case_warehouse(key)
    movements = total_by_month(warehouse, "fct_mrr_movements_monthly")
    mrr_arr = total_by_month(warehouse, "fct_mrr_arr_monthly")
    assert sorted(movements) == sorted(TB02_EXPECTED), "months must be 2024-01..2024-04"
    assert sorted(mrr_arr) == sorted(TB02_EXPECTED)
    for month, (mrr, customers, new, churned, churned_customers) in TB02_EXPECTED.items():
        row = movements[month]
        assert_money(row["end_mrr"], mrr, f"{month} end_mrr")
        assert row["customers_end"] == customers, month
        assert_money(row["new_mrr"], new, f"{month} new_mrr")
        assert_money(row["churned_mrr"], churned, f"{month} churned_mrr")
        assert row["churned_customers"] == churned_customers, month
        assert_bridge(row, str(month))
        assert_money(mrr_arr[month]["mrr"], mrr, f"{month} mrr")
        assert mrr_arr[month]["active_customers"] == customers, month
    assert sum(row["churned_customers"] for row in movements.values()) == 1

    churn = total_by_month(warehouse, "fct_churn_monthly")
    assert_ratio(churn[M(2024, 1)]["customer_churn_rate"], None, "Jan churn rate")
    assert_ratio(churn[M(2024, 3)]["customer_churn_rate"], 1 / 3, "Mar churn rate")
    assert sum(row["churned_customers"] for row in churn.values()) == 1
    assert max(churn) == M(2024, 4)

    customer_rows = rows_of(warehouse, "fct_customer_mrr_months",
                            "select * from {model} order by customer_id, month_start")
    assert max(row["month_start"] for row in customer_rows) == M(2024, 4)
    churns = [(row["customer_id"], row["month_start"]) for row in customer_rows
              if row["movement"] == "churn"]
    assert churns == [("C-21", M(2024, 3))], "C-22 (open) and C-23 (ends 2024-05-01) never churn"
    new = {(row["customer_id"], row["month_start"]): row["new_mrr"] for row in customer_rows
           if row["movement"] == "new"}
    assert new == {("C-21", M(2024, 1)): 100, ("C-22", M(2024, 1)): 200,
                   ("C-23", M(2024, 2)): 50}
    c22 = customer_months(warehouse, "C-22")
    assert [c22[month]["mrr"] for month in sorted(c22)] == [200, 200, 200, 200]


# --- TB03 --------------------------------------------------------------------------------


def test_tb03_calendar_stops_at_as_of_month_and_annual_plan_is_divided(
    case_warehouse: Callable,
) -> None:
    """TB03: exactly 3 months; 100, 150, 150; current_period_end is not an end date."""
    warehouse = case_warehouse("TB03")
    movements = total_by_month(warehouse, "fct_mrr_movements_monthly")
    mrr_arr = total_by_month(warehouse, "fct_mrr_arr_monthly")
    expected = {M(2024, 1): (100, 100, 0), M(2024, 2): (150, 50, 0), M(2024, 3): (150, 0, 0)}
    assert sorted(movements) == sorted(expected), "exactly 3 month rows, none after March"
    assert sorted(mrr_arr) == sorted(expected)
    for month, (mrr, new, churned) in expected.items():
        assert_money(movements[month]["end_mrr"], mrr, f"{month} end_mrr")
        assert_money(movements[month]["new_mrr"], new, f"{month} new_mrr")
        assert_money(movements[month]["churned_mrr"], churned, f"{month} churned_mrr")
        assert_money(mrr_arr[month]["mrr"], mrr, f"{month} mrr")
        assert mrr_arr[month]["mrr"] > 0, "no zero-MRR rows"
    assert_money(mrr_arr[M(2024, 3)]["arr"], 1800, "ARR 2024-03")
    c31 = customer_months(warehouse, "C-31")
    assert c31[M(2024, 1)]["movement"] == "new"
    assert_money(c31[M(2024, 1)]["new_mrr"], 100, "C-31 new (1200/12)")
    c32 = customer_months(warehouse, "C-32")
    assert c32[M(2024, 2)]["movement"] == "new"
    assert_money(c32[M(2024, 2)]["new_mrr"], 50, "C-32 new")
    assert c32[M(2024, 3)]["movement"] != "churn", "current_period_end read as an end date"
    assert_money(c32[M(2024, 3)]["mrr"], 50, "C-32 March")
    customer_rows = rows_of(warehouse, "fct_customer_mrr_months")
    assert max(row["month_start"] for row in customer_rows) == M(2024, 3)


# --- PN01 --------------------------------------------------------------------------------


def test_pn01_multi_year_terms_and_one_time_fees(case_warehouse: Callable) -> None:
    """PN01: 50 + 100 + 100 + 200 (+ 0 for the one-time fee) = 450; ARR 5,400; ARPA 112.50."""
    warehouse = case_warehouse("PN01")
    january = total_by_month(warehouse, "fct_mrr_arr_monthly")[M(2024, 1)]
    assert_money(january["mrr"], 450, "total MRR (faulty: 10,250)")
    assert_money(january["arr"], 5400, "ARR")
    assert january["active_customers"] == 4
    assert_money(january["arpa"], 112.5, "ARPA")
    expected = {"C-41": 50, "C-42": 100, "C-43": 100, "C-44": 200}
    for customer_id, mrr in expected.items():
        row = customer_months(warehouse, customer_id)[M(2024, 1)]
        assert_money(row["mrr"], mrr, f"{customer_id} MRR")
    c45 = customer_months(warehouse, "C-45")
    assert all(row["mrr"] == 0 for row in c45.values()), "A-5 one-time fee is not MRR"


def test_pn01_unknown_billing_term_stops_the_build(case_warehouse: Callable) -> None:
    """PN01: a billing term the project does not know fails a test instead of
    defaulting to monthly (C-46 on recurring_interval 'quarter', 300 a term)."""
    warehouse = case_warehouse("PN01_unknown_term")
    assert warehouse.returncode != 0 and warehouse.failures, (
        "unknown billing term did not fail the build"
    )
    if warehouse.has_relation("fct_customer_mrr_months"):
        c46 = warehouse.query("fct_customer_mrr_months",
                              "select mrr from {model} where customer_id = 'C-46'")
        assert all(row["mrr"] != 300 for row in c46), "unknown term defaulted to monthly"


# --- PN02 --------------------------------------------------------------------------------

PN02_MRR = {M(2024, 1): 10, M(2024, 2): 70, M(2024, 3): 40, M(2024, 4): 40,
            **{M(2024, month): 10 for month in range(5, 13)}, M(2025, 1): 0}


def test_pn02_prepaid_orders_are_spread_over_their_term(case_warehouse: Callable) -> None:
    """PN02: 10, 70, 40, 40, 10 x 8, 0; ARR Feb 840; sum Jan-Dec 2024 = 240 (the cash)."""
    warehouse = case_warehouse("PN02")
    movements = total_by_month(warehouse, "fct_mrr_movements_monthly")
    mrr_arr = total_by_month(warehouse, "fct_mrr_arr_monthly")
    assert sorted(movements) == sorted(PN02_MRR), "13 months 2024-01..2025-01"
    for month, mrr in PN02_MRR.items():
        assert_money(movements[month]["end_mrr"], mrr, f"{month} end_mrr (faulty Jan 120)")
        # a month with no paying customer may have no fct_mrr_arr_monthly row: MRR 0
        assert_money(mrr_arr.get(month, {"mrr": 0})["mrr"], mrr, f"{month} mrr")
        assert_bridge(movements[month], str(month))
    assert_money(mrr_arr[M(2024, 2)]["arr"], 840, "ARR 2024-02")
    assert_money(sum(PN02_MRR[month] for month in PN02_MRR if month.year == 2024), 240, "")
    assert_money(sum(movements[month]["end_mrr"] for month in movements if month.year == 2024),
                 240, "MRR summed over 2024 = cash collected")
    expected_new = {M(2024, 1): 10, M(2024, 2): 60}
    expected_churn = {M(2024, 3): 30, M(2024, 5): 30, M(2025, 1): 10}
    for month, row in movements.items():
        assert_money(row["new_mrr"], expected_new.get(month, 0), f"{month} new")
        assert_money(row["churned_mrr"], expected_churn.get(month, 0), f"{month} churn")
    events = {
        (row["customer_id"], row["month_start"], row["movement"])
        for row in rows_of(warehouse, "fct_customer_mrr_months")
        if row["movement"] in ("new", "churn")
    }
    assert events == {
        ("C-51", M(2024, 1), "new"), ("C-52", M(2024, 2), "new"), ("C-53", M(2024, 2), "new"),
        ("C-52", M(2024, 3), "churn"), ("C-53", M(2024, 5), "churn"),
        ("C-51", M(2025, 1), "churn"),
    }


# --- SH01 --------------------------------------------------------------------------------


def test_sh01_history_comes_from_invoice_lines(case_warehouse: Callable) -> None:
    """SH01: 100 new, 100, 200 (+100 expansion), 250 (+50), not 250 flat."""
    warehouse = case_warehouse("SH01")
    c61 = customer_months(warehouse, "C-61")
    expected = {
        M(2024, 1): (100, "new", 100),
        M(2024, 2): (100, "none", 0),
        M(2024, 3): (200, "expansion", 100),
        M(2024, 4): (250, "expansion", 50),
    }
    assert sorted(c61) == sorted(expected)
    for month, (mrr, movement, amount) in expected.items():
        row = c61[month]
        assert_money(row["mrr"], mrr, f"{month} MRR")
        assert row["movement"] == movement, f"{month}: {row['movement']} != {movement}"
        if movement == "new":
            assert_money(row["new_mrr"], amount, f"{month} new")
        if movement == "expansion":
            assert_money(row["expansion_mrr"], amount, f"{month} expansion")
    movements = total_by_month(warehouse, "fct_mrr_movements_monthly")
    assert_money(movements[M(2024, 1)]["new_mrr"], 100, "Jan new (faulty 250)")
    assert_money(sum(row["expansion_mrr"] for row in movements.values()), 150, "expansion")


# --- NZ01 --------------------------------------------------------------------------------


def test_nz01_churn_month_is_an_explicit_zero(case_warehouse: Callable) -> None:
    """NZ01: bridge 0 -> 150 -> 160 -> 60; March churn 100 (C-71), not NULL or 0."""
    warehouse = case_warehouse("NZ01")
    movements = total_by_month(warehouse, "fct_mrr_movements_monthly")
    expected = {
        # month: (start, new, expansion, churn, end)
        M(2024, 1): (0, 150, 0, 0, 150),
        M(2024, 2): (150, 0, 10, 0, 160),
        M(2024, 3): (160, 0, 0, 100, 60),
    }
    assert sorted(movements) == sorted(expected)
    for month, (start, new, expansion, churned, end) in expected.items():
        row = movements[month]
        assert_money(row["start_mrr"], start, f"{month} start")
        assert_money(row["new_mrr"], new, f"{month} new")
        assert_money(row["expansion_mrr"], expansion, f"{month} expansion")
        assert_money(row["churned_mrr"], churned, f"{month} churn (faulty 0)")
        assert_money(row["end_mrr"], end, f"{month} end")
        assert_bridge(row, str(month))
    assert movements[M(2024, 3)]["churned_customers"] == 1
    c71_march = customer_months(warehouse, "C-71")[M(2024, 3)]
    assert c71_march["mrr"] is not None and c71_march["prev_mrr"] is not None
    assert_money(c71_march["mrr"] - c71_march["prev_mrr"], -100, "C-71 March change")
    assert c71_march["movement"] == "churn"
    c72_feb = customer_months(warehouse, "C-72")[M(2024, 2)]
    assert c72_feb["movement"] == "expansion"
    assert_money(c72_feb["expansion_mrr"], 10, "C-72 50 -> 60")
    churn = total_by_month(warehouse, "fct_churn_monthly")
    assert churn[M(2024, 3)]["churned_customers"] == 1
    assert_ratio(churn[M(2024, 3)]["customer_churn_rate"], 0.5, "Mar customer churn")
    assert_ratio(churn[M(2024, 3)]["gross_mrr_churn_rate"], 0.625, "Mar gross MRR churn")
    assert_ratio(churn[M(2024, 2)]["quick_ratio"], None, "Feb quick ratio")
    assert_ratio(churn[M(2024, 3)]["quick_ratio"], 0.0, "Mar quick ratio")


# --- NZ02 --------------------------------------------------------------------------------


def test_nz02_growth_after_a_zero_month_is_null(case_warehouse: Callable) -> None:
    """NZ02: MoM growth NULL, -1, NULL, -1, NULL; no inf or NaN; mean of defined = -1."""
    warehouse = case_warehouse("NZ02")
    growth = total_by_month(warehouse, "fct_revenue_growth_monthly")
    expected = {M(2024, 1): None, M(2024, 2): -1.0, M(2024, 3): None, M(2024, 4): -1.0,
                M(2024, 5): None}
    assert sorted(growth) == sorted(expected)
    for month, value in expected.items():
        assert_ratio(growth[month]["revenue_growth_mom"], value, f"{month} growth (inf/NaN?)")
    every_row = rows_of(warehouse, "fct_revenue_growth_monthly")
    for row in every_row:
        for column, value in row.items():
            assert not (isinstance(value, float) and not math.isfinite(value)), (row, column)
    defined = [row["revenue_growth_mom"] for row in growth.values()
               if row["revenue_growth_mom"] is not None]
    assert sum(defined) / len(defined) == pytest.approx(-1.0, abs=RATIO)


# --- DD02 --------------------------------------------------------------------------------


def test_dd02_duplicate_leads_are_one_buyer(case_warehouse: Callable) -> None:
    """DD02 leads: 3 unique (L-1 kept, webinar), 2 MQLs in March, 1 lead per source."""
    warehouse = case_warehouse("DD02")
    leads = rows_of(warehouse, "stg_crm__leads", "select * from {model} order by lead_id")
    assert [row["lead_id"] for row in leads] == ["L-1", "L-3", "L-4"], "faulty: 4 leads"
    by_source = {}
    for row in leads:
        by_source[row["lead_source"]] = by_source.get(row["lead_source"], 0) + 1
    assert by_source == {"webinar": 1, "ebook": 1, "demo_request": 1}
    rejects = rows_of(warehouse, "stg_crm__leads_rejects")
    assert [row.get("kept_lead_id") for row in rejects] == ["L-1"]
    funnel = {row["lead_id"]: row for row in rows_of(warehouse, "fct_lead_funnel")}
    assert sorted(funnel) == ["L-1", "L-3", "L-4"]
    assert funnel["L-1"]["lead_source"] == "webinar"
    assert funnel["L-1"]["mql_date"] == date(2024, 3, 2)
    assert funnel["L-4"]["mql_date"] == date(2024, 3, 6)
    assert funnel["L-3"]["mql_date"] is None
    march_mqls = [row for row in funnel.values()
                  if row["mql_date"] is not None and row["mql_date"].month == 3]
    assert len(march_mqls) == 2, "faulty: 3 MQLs"
    march = total_by_month(warehouse, "fct_cost_per_lead_monthly")[M(2024, 3)]
    assert march["lead_count"] == 3
    assert march["mql_count"] == 2


def test_dd02_duplicate_deal_is_not_a_loss(case_warehouse: Callable) -> None:
    """DD02 deals: won 2, lost 1 in March; win rate 2/3, win/loss 2.0, value 2,200/3,000;
    close rate 2/3."""
    warehouse = case_warehouse("DD02")
    march = total_by_month(warehouse, "fct_win_rates_monthly")[M(2024, 3)]
    assert (march["won_count"], march["lost_count"]) == (2, 1)
    assert_ratio(march["win_rate"], 2 / 3, "win_rate (faulty 0.5)")
    assert_ratio(march["win_loss_ratio"], 2.0, "win_loss_ratio (faulty 1.0)")
    assert_ratio(march["win_rate_value"], 2200 / 3000, "win_rate_value (faulty 0.55)")
    close = total_by_month(warehouse, "fct_close_rates_monthly")[M(2024, 3)]
    assert (close["won_count"], close["created_count"]) == (2, 3)
    assert_ratio(close["close_rate"], 2 / 3, "close_rate")
    opportunities = {row["opportunity_id"]: row
                     for row in rows_of(warehouse, "fct_opportunities")}
    in_metrics = sorted(key for key, row in opportunities.items() if row["is_in_sales_metrics"])
    assert in_metrics == ["D-2", "D-3", "D-4"], "D-1 is a duplicate record, not a lost sale"


# --- WR01 --------------------------------------------------------------------------------


def test_wr01_three_populations(case_warehouse: Callable) -> None:
    """WR01, Q1 2024 (trailing 3 months at March, var velocity_lookback_months = 3)."""
    warehouse = case_warehouse("WR01")
    win = total_by_month(warehouse, "fct_win_rates_monthly")
    q1_won = sum(win[month]["won_count"] for month in win if month.year == 2024)
    q1_lost = sum(win[month]["lost_count"] for month in win if month.year == 2024)
    assert (q1_won, q1_lost) == (2, 1)
    march = win[M(2024, 3)]
    assert_ratio(march["win_rate_trailing"], 2 / 3, "Q1 win_rate (faulty 0.4)")
    assert_ratio(march["win_loss_ratio_trailing"], 2.0, "Q1 win_loss_ratio")
    assert_ratio(march["win_rate_value_trailing"], 1500 / 3500, "Q1 win_rate_value")
    assert_money(march["avg_won_deal_size_trailing"], 750, "Q1 avg_won_deal_size")
    assert_ratio(win[M(2024, 2)]["win_rate"], 0.5, "Feb win rate (O-1 won, O-2 lost)")
    assert_ratio(win[M(2024, 1)]["win_rate"] if M(2024, 1) in win else None, None, "Jan")

    close = total_by_month(warehouse, "fct_close_rates_monthly")
    assert_ratio(close[M(2024, 3)]["close_rate_trailing"], 0.4, "Q1 close_rate (2/5)")
    assert_ratio(close[M(2024, 3)]["close_rate_value_trailing"], 0.2, "Q1 close_rate_value")
    q1_created = sum(close[month]["created_count"] for month in close)
    q1_created_won = sum(close[month]["won_count"] for month in close)
    assert (q1_created_won, q1_created) == (2, 5)

    snapshot = rows_of(
        warehouse, "fct_pipeline_stage_snapshot_monthly",
        "select * from {model} where dimension = 'total' and month_start = ?", (M(2024, 3),))
    assert sum(row["open_count"] for row in snapshot) == 2
    assert_money(sum(row["open_amount"] for row in snapshot), 4000, "open pipeline (faulty 5,500)")
    assert {row["stage_name"] for row in snapshot} == {"negotiation", "discovery"}

    opportunities = {row["opportunity_id"]: row
                     for row in rows_of(warehouse, "fct_opportunities")}
    assert opportunities["O-1"]["cycle_days"] == 36
    assert opportunities["O-3"]["cycle_days"] == 46
    assert opportunities["O-4"]["close_date"] is None, "an open deal's date is only expected"
    cycle = total_by_month(warehouse, "fct_sales_cycle_monthly")[M(2024, 3)]
    assert_ratio(cycle["avg_sales_cycle_days_trailing"], 41.0, "Q1 avg cycle")
    assert_ratio(cycle["median_sales_cycle_days_trailing"], 41.0, "Q1 median cycle")

    velocity = total_by_month(warehouse, "fct_pipeline_velocity_monthly")[M(2024, 3)]
    assert velocity["open_count"] == 2
    assert_money(velocity["open_amount"], 4000, "velocity open amount")
    assert_ratio(velocity["win_rate_lookback"], 2 / 3, "velocity win rate")
    assert_money(velocity["avg_won_deal_size_lookback"], 750, "velocity deal size")
    assert_ratio(velocity["avg_sales_cycle_days_lookback"], 41.0, "velocity cycle")
    assert_ratio(velocity["pipeline_velocity_per_day"], 2 * 750 * (2 / 3) / 41, "velocity")
    assert_ratio(velocity["pipeline_velocity_per_30_days"], 30 * 2 * 750 * (2 / 3) / 41, "x30")
    assert velocity["pipeline_velocity_per_day"] == pytest.approx(24.390244, abs=RATIO)
    assert velocity["pipeline_velocity_per_30_days"] == pytest.approx(731.707317, abs=RATIO)
    assert velocity["pipeline_value_velocity_per_day"] == pytest.approx(65.040650, abs=RATIO)


# --- CU03 --------------------------------------------------------------------------------


def test_cu03_minor_units_per_currency(case_warehouse: Callable) -> None:
    """CU03: 1,299.00 USD; 15,000 JPY; 49.99 EUR; 50,000 KRW (not /100 everywhere)."""
    warehouse = case_warehouse("CU03")
    expected = {"in_001": (1299.00, "usd"), "in_002": (15000, "jpy"),
                "in_003": (49.99, "eur"), "in_004": (50000, "krw")}
    lines = {row["invoice_id"]: row for row in rows_of(warehouse,
                                                          "stg_billing__invoice_line_items")}
    invoices = {row["invoice_id"]: row for row in rows_of(warehouse, "stg_billing__invoices")}
    assert sorted(lines) == sorted(expected) == sorted(invoices)
    for invoice_id, (amount, currency) in expected.items():
        assert_money(lines[invoice_id]["amount"], amount, f"{invoice_id} line amount")
        assert_money(lines[invoice_id]["unit_amount"], amount, f"{invoice_id} unit amount")
        assert lines[invoice_id]["currency"].lower() == currency
        assert_money(invoices[invoice_id]["total_amount"], amount, f"{invoice_id} total")
        assert invoices[invoice_id]["currency"].lower() == currency


# --- CSV01 -------------------------------------------------------------------------------


def test_csv01_large_lead_file_loads_losslessly(case_warehouse: Callable) -> None:
    """CSV01: 25,000 leads through the external CSV route; 'Acme, Inc.' intact."""
    warehouse = case_warehouse("CSV01")
    counts = rows_of(warehouse, "stg_crm__leads",
                     "select count(*) as n, count(distinct lead_id) as ids from {model}")
    assert counts == [{"n": 25000, "ids": 25000}]
    assert rows_of(warehouse, "stg_crm__leads_rejects",
                   "select count(*) as n from {model}") == [{"n": 0}]
    acme = rows_of(warehouse, "stg_crm__leads",
                   "select company, email from {model} where lead_id = 'L25000'")
    assert acme == [{"company": "Acme, Inc.", "email": "ops@acme.example"}]
    january = total_by_month(warehouse, "fct_cost_per_lead_monthly")[M(2024, 1)]
    assert january["lead_count"] == 25000


# --- TZ01 --------------------------------------------------------------------------------

TZ01_EXPECTED = {
    # company time zone: (close dates, {month: (wins, amount)})
    "TZ01_UTC": (
        {"O-91": date(2024, 2, 1), "O-92": date(2024, 1, 31), "O-93": date(2024, 1, 31)},
        {M(2024, 1): (2, 6000), M(2024, 2): (1, 1000)},
    ),
    "TZ01_Paris": (
        {"O-91": date(2024, 2, 1), "O-92": date(2024, 2, 1), "O-93": date(2024, 2, 1)},
        {M(2024, 1): (0, 0), M(2024, 2): (3, 7000)},
    ),
}


@pytest.mark.parametrize("key", sorted(TZ01_EXPECTED))
def test_tz01_close_month_in_company_time_zone(case_warehouse: Callable, key: str) -> None:
    """TZ01: offsets kept, month taken in var company_time_zone, machine TZ irrelevant."""
    warehouse = case_warehouse(key)
    close_dates, wins = TZ01_EXPECTED[key]
    opportunities = {row["opportunity_id"]: row
                     for row in rows_of(warehouse, "fct_opportunities")}
    assert {key_: row["close_date"] for key_, row in opportunities.items()} == close_dates
    win = total_by_month(warehouse, "fct_win_rates_monthly")
    for month, (won_count, won_amount) in wins.items():
        row = win.get(month, {"won_count": 0, "won_amount": 0})
        assert row["won_count"] == won_count, f"{key} {month} wins"
        assert_money(row["won_amount"] or 0, won_amount, f"{key} {month} won amount")
    # the same instants as lead created_date (a CRM timestamp column)
    leads = {row["lead_id"]: row["created_date"]
             for row in rows_of(warehouse, "stg_crm__leads")}
    assert leads == {f"lead_{key_}": value for key_, value in close_dates.items()}
    cpl = total_by_month(warehouse, "fct_cost_per_lead_monthly")
    for month, (won_count, _) in wins.items():
        assert cpl.get(month, {"lead_count": 0})["lead_count"] == won_count, f"{month} leads"
