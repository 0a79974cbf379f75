"""One grain per published table (issue 15, part 2): what a BI user sums is never double counted.

scripts/publish.py splits every mart that holds the company total beside its slices into
`<mart>` (total only) and `<mart>_by_<dimension>` (revops_warehouse.published_grain). These
tests publish the session's demo build into a temporary file and check, on every published
table: no table mixes a total with slices; every additive column summed over all rows of a
slice table equals the company total (per period and grain, and over the whole table); keys
are unique; reps, channels and campaigns carry names; every period x slice that exists has a
row, an added row holding zeros in additive columns and NULL elsewhere.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from revops_warehouse.kpi_report import build_report
from revops_warehouse.published_grain import FILLED_DIMENSIONS, SLICE_COLUMNS, SLICED_MARTS
from warehouse import PROJECT_DIR

PUBLISH = PROJECT_DIR / "scripts" / "publish.py"
TOLERANCE = Decimal("0.01")


@pytest.fixture(scope="session")
def published(demo_warehouse, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("published_grain") / "published.duckdb"
    subprocess.run(
        [sys.executable, str(PUBLISH), "--build", str(demo_warehouse.database),
         "--manifest", str(demo_warehouse.target_path / "manifest.json"),
         "--published", str(path)],
        check=True, capture_output=True, text=True,
    )
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {
        table: f'"{schema}"."{table}"'
        for schema, table in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [row[0] for row in con.execute(f"select * from {relation} limit 0").description]


def slice_tables(con) -> list[tuple[str, str, str]]:
    """(mart, dimension, published table) of every slice table."""
    found = tables(con)
    result = []
    for mart in SLICED_MARTS:
        for name in found:
            if name.startswith(f"{mart}_by_"):
                result.append((mart, name.removeprefix(f"{mart}_by_"), name))
    return result


def test_no_published_table_mixes_a_total_with_slices(published) -> None:
    found = tables(published)
    mixed = [name for name, relation in found.items()
             if {"dimension", "dimension_value"} & set(columns(published, relation))]
    assert mixed == []
    with_all_segment = [
        name for name, relation in found.items()
        if "segment" in columns(published, relation)
        and published.execute(
            f"select count(*) from {relation} where segment = 'all'"
        ).fetchall()[0][0]
    ]
    assert with_all_segment == []
    for mart in SLICED_MARTS:
        assert mart in found, f"{mart}: no company-total table published"
    assert len(slice_tables(published)) >= 40


def test_mrr_summed_over_a_published_table_is_the_company_mrr(published, demo_warehouse):
    found = tables(published)
    truth = demo_warehouse.query(
        "fct_mrr_arr_monthly",
        "select mrr from {model} where dimension = 'total' and month_start = '2025-12-01'",
    )[0]["mrr"]
    for name in ("fct_mrr_arr_monthly", "fct_mrr_arr_monthly_by_channel",
                 "fct_mrr_arr_monthly_by_segment", "fct_revops_kpis_monthly",
                 "fct_revops_kpis_monthly_by_segment"):
        total = published.execute(
            f"select sum(mrr) from {found[name]} where month_start = date '2025-12-01'"
        ).fetchall()[0][0]
        assert abs(Decimal(str(total)) - Decimal(str(truth))) <= TOLERANCE, name


def test_every_additive_column_adds_up_to_the_company_total(published) -> None:
    found = tables(published)
    failures = []
    for mart, dimension, name in slice_tables(published):
        spec = SLICED_MARTS[mart]
        keys = ", ".join(f'"{key}"' for key in (spec.time, *spec.grain))
        for column in spec.additive_for(dimension):
            # over the whole table: no double counting
            whole_slices, whole_total, differs = published.execute(
                f'with sums as (select (select sum("{column}") from {found[name]}) as slices,'
                f' (select sum("{column}") from {found[mart]}) as total) select slices, total,'
                f" abs(coalesce(slices, 0) - coalesce(total, 0)) > {TOLERANCE} from sums"
            ).fetchall()[0]
            if differs:
                failures.append(f"{name}.{column}: {whole_slices} vs total {whole_total}")
                continue
            # period by period (and stage, loss reason)
            bad = published.execute(
                f'with slices as (select {keys}, sum("{column}") as value from {found[name]}'
                f" group by {keys}), totals as (select {keys}, \"{column}\" as value"
                f" from {found[mart]}) select count(*) from totals full join slices using"
                f" ({keys}) where abs(coalesce(totals.value, 0) - coalesce(slices.value, 0))"
                f" > {TOLERANCE}"
            ).fetchall()[0][0]
            if bad:
                failures.append(f"{name}.{column}: {bad} periods differ from the total")
    assert failures == []


def test_one_row_per_period_slice_and_grain(published) -> None:
    found = tables(published)
    duplicated = []
    for mart, dimension, name in [(m, None, m) for m in SLICED_MARTS] + slice_tables(published):
        spec = SLICED_MARTS[mart]
        keys = [spec.time, *spec.grain]
        if dimension is not None:
            keys.append(SLICE_COLUMNS[dimension][0])
        key_list = ", ".join(f'"{key}"' for key in keys)
        rows, distinct = published.execute(
            f"select count(*), count(distinct ({key_list})) from {found[name]}"
        ).fetchall()[0]
        if rows != distinct:
            duplicated.append(f"{name}: {rows} rows, {distinct} keys")
    assert duplicated == []


def test_every_period_and_slice_that_exists_has_a_row(published) -> None:
    found = tables(published)
    gaps = []
    for mart, dimension, name in slice_tables(published):
        if FILLED_DIMENSIONS.get(dimension) != "all":
            continue
        spec = SLICED_MARTS[mart]
        value = SLICE_COLUMNS[dimension][0]
        grain = ", ".join(f'"{column}"' for column in spec.grain) or "1"
        rows, expected = published.execute(
            f'select count(*), count(distinct "{spec.time}") * count(distinct "{value}")'
            f" * (select count(*) from (select distinct {grain} from {found[name]}))"
            f" from {found[name]}"
        ).fetchall()[0]
        if rows != expected:
            gaps.append(f"{name}: {rows} rows of {expected}")
    assert gaps == []


def test_a_filled_gap_is_zero_in_counts_and_null_in_ratios(published) -> None:
    found = tables(published)
    rows = published.execute(
        "select mrr, arr, active_customers, arpa from"
        f" {found['fct_mrr_arr_monthly_by_channel']} where is_gap_filled"
    ).fetchall()
    assert rows, "the demo has channel-months without a paying customer"
    assert all(row[:3] == (0, 0, 0) and row[3] is None for row in rows)
    # a channel-month without spend keeps spend unknown (S19), not 0
    spend = published.execute(
        f"select count(*) from {found['fct_cac_monthly_by_channel']}"
        " where is_gap_filled and marketing_spend is not null"
    ).fetchall()[0][0]
    assert spend == 0


def test_reps_channels_and_campaigns_carry_names(published) -> None:
    found = tables(published)
    unnamed = []
    for _, dimension, name in slice_tables(published):
        value, dim, _, names = SLICE_COLUMNS[dimension]
        if dim is None:
            continue
        first_name = names[0][1]
        missing = published.execute(
            f'select count(*) from {found[name]} where "{first_name}" is null'
            f" and \"{value}\" <> 'unknown'"
        ).fetchall()[0][0]
        if missing:
            unnamed.append(f"{name}: {missing} rows without {first_name}")
    assert unnamed == []
    reps = published.execute(
        f"select count(distinct rep_name) from {found['fct_win_rates_monthly_by_rep']}"
    ).fetchall()[0][0]
    assert reps >= 10


def test_kpi_report_reads_the_published_file(published, tmp_path: Path) -> None:
    """The report reads the one-grain tables of the published file as well as a build."""
    (path,) = [row[2] for row in published.execute("pragma database_list").fetchall()
               if row[1] not in ("system", "temp")]
    sections = build_report(Path(path), tmp_path / "report.html")
    assert all(section.figure is not None for section in sections)


def test_an_undeclared_sliced_mart_is_a_named_error(tmp_path: Path) -> None:
    """publish.py refuses to copy a mart that mixes slices unless it says how to split it."""
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))
    con.execute("create schema main_revops")
    con.execute(
        "create table main_revops.fct_new_thing_monthly as select date '2025-01-01' as"
        " month_start, 'total' as dimension, 'all' as dimension_value, 1 as amount"
    )
    con.close()
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        '{"nodes": {"model.x.fct_new_thing_monthly": {"resource_type": "model",'
        ' "original_file_path": "models/marts/revops/fct_new_thing_monthly.sql",'
        ' "config": {"materialized": "table"}, "schema": "main_revops",'
        ' "alias": "fct_new_thing_monthly"}}}'
    )
    result = subprocess.run(
        [sys.executable, str(PUBLISH), "--build", str(build), "--manifest", str(manifest),
         "--published", str(tmp_path / "published.duckdb")],
        capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "fct_new_thing_monthly mixes slices" in result.stderr
    assert not (tmp_path / "published.duckdb").exists()
