"""scripts/compare_builds.py (revops_warehouse.compare_builds) on two tiny DuckDB builds.

Each build has one mart, `main_revops.fct_x`, keyed by its first column `fct_x_id`: the same
files compare clean (exit 0); a changed value or a missing row is a difference (exit 1) with
the rows counted on the side they belong to.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from revops_warehouse import compare_builds

ROWS = [("a", "2024-01-01", 100.0, 0.25), ("b", "2024-02-01", 200.0, 0.5),
        ("c", "2024-03-01", 300.0, None)]


def make_build(path: Path, rows: list[tuple]) -> Path:
    """A DuckDB file with main_revops.fct_x (key, date, money, ratio)."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema main_revops")
        con.execute(
            "create table main_revops.fct_x (fct_x_id varchar, month_start date, "
            "mrr decimal(18, 2), churn_rate double)"
        )
        con.executemany("insert into main_revops.fct_x values (?, ?, ?, ?)", rows)
    return path


@pytest.fixture
def before(tmp_path: Path) -> Path:
    return make_build(tmp_path / "before.duckdb", ROWS)


def only_table(before: Path, after: Path) -> compare_builds.TableComparison:
    results = compare_builds.compare(str(before), str(after), compare_builds.DEFAULT_SCHEMAS)
    assert [r.table for r in results] == ["main_revops.fct_x"]
    return results[0]


def test_identical_builds_exit_zero(before: Path, tmp_path: Path, capsys) -> None:
    after = make_build(tmp_path / "after.duckdb", ROWS)
    result = only_table(before, after)
    assert (result.rows_before, result.rows_after) == (3, 3)
    assert (result.only_before, result.only_after, result.differs) == (0, 0, False)
    assert compare_builds.main([str(before), str(after)]) == 0
    assert "0 tables differ: none" in capsys.readouterr().out


def test_changed_value_exits_one_with_one_row_each_side(before: Path, tmp_path: Path) -> None:
    changed = [ROWS[0], ("b", "2024-02-01", 200.0, 0.51), ROWS[2]]
    after = make_build(tmp_path / "after.duckdb", changed)
    result = only_table(before, after)
    assert (result.rows_before, result.rows_after) == (3, 3)
    assert (result.only_before, result.only_after) == (1, 1)
    assert compare_builds.main([str(before), str(after)]) == 1


def test_noise_below_the_tolerances_is_not_a_difference(before: Path, tmp_path: Path) -> None:
    noisy = [("a", "2024-01-01", 100.0, 0.25 + 1e-12), *ROWS[1:]]
    after = make_build(tmp_path / "after.duckdb", noisy)
    assert only_table(before, after).differs is False


def test_missing_row_exits_one_and_counts_it_before_only(
    before: Path, tmp_path: Path, capsys
) -> None:
    after = make_build(tmp_path / "after.duckdb", ROWS[:2])
    result = only_table(before, after)
    assert (result.rows_before, result.rows_after) == (3, 2)
    assert (result.only_before, result.only_after) == (1, 0)
    assert compare_builds.main([str(before), str(after)]) == 1
    assert "1 tables differ: main_revops.fct_x" in capsys.readouterr().out


def test_staging_layer_compares_stg_and_base_relations_only(before: Path, tmp_path: Path) -> None:
    """--layer staging: the stg_* views and base_* classifiers of schema main, no marts."""

    def with_staging(path: Path, kept_rows: int) -> Path:
        with duckdb.connect(str(path)) as con:
            con.execute("create table main.base_x_classified (x_id varchar, reject_reason varchar)")
            con.execute(
                "insert into main.base_x_classified values ('a', null), ('b', 'test_record')"
            )
            con.execute(
                f"create view main.stg_x as select x_id from main.base_x_classified "
                f"where reject_reason is null limit {kept_rows}"
            )
            con.execute("create table main.other_table (x_id varchar)")
        return path

    with_staging(before, kept_rows=1)
    same = with_staging(make_build(tmp_path / "same.duckdb", ROWS), kept_rows=1)
    results = compare_builds.compare(
        str(before), str(same), compare_builds.STAGING_SCHEMAS, compare_builds.STAGING_PREFIXES
    )
    assert [r.table for r in results] == ["main.base_x_classified", "main.stg_x"]
    assert not any(r.differs for r in results)
    assert compare_builds.main([str(before), str(same), "--layer", "staging"]) == 0
    fewer = with_staging(make_build(tmp_path / "fewer.duckdb", ROWS), kept_rows=0)
    assert compare_builds.main([str(before), str(fewer), "--layer", "staging"]) == 1


def test_cross_engine_tolerances(before: Path, tmp_path: Path) -> None:
    """Issue 14: two engines agree within 1e-6 on doubles and 0.005 on money, not closer."""
    within = [("a", "2024-01-01", 100.0, 0.25 + 5e-7), *ROWS[1:]]
    after = make_build(tmp_path / "within.duckdb", within)
    assert compare_builds.main([str(before), str(after)]) == 1
    assert compare_builds.main([str(before), str(after), "--cross-engine"]) == 0
    for name, row in (
        ("ratio", ("a", "2024-01-01", 100.0, 0.25 + 2e-6)),
        ("money", ("a", "2024-01-01", 100.01, 0.25)),
    ):
        after = make_build(tmp_path / f"beyond_{name}.duckdb", [row, *ROWS[1:]])
        assert compare_builds.main([str(before), str(after), "--cross-engine"]) == 1, name
