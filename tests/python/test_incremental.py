"""An incremental day gives the same marts as a full build (issue 13 part 4).

Two disjoint demo companies (the scale generator, K=2) land as parquet. The incremental
fact int_ad_spend_daily reads the four ad-platform daily tables: they are cut before their
last day N (days 1..N-1; `cut_ad_days` in revops_warehouse.generator.scale, shared with
the benchmark), the project is built in full, day N's rows are appended and `dbt build`
runs incrementally on the same file; every mart must then equal, row for row, a full
build of days 1..N (compare_builds). Three dbt builds, unit tests excluded (data tests
run on the incremental build only).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from revops_warehouse.compare_builds import main as compare_builds
from revops_warehouse.generator.scale import cut_ad_days, last_ad_day, vars_yaml, write_scaled
from warehouse import DBT, PROJECT_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental")]

SEEDS_RAW = PROJECT_DIR / "seeds" / "raw"


def _build(database: Path, landing: Path, work: Path, name: str, *extra: str) -> None:
    subprocess.run(
        [str(DBT), "build", "--quiet", "--exclude", "test_type:unit", *extra,
         "--vars", vars_yaml(landing),
         "--target-path", str(work / f"target_{name}"), "--log-path", str(work / f"logs_{name}")],
        cwd=PROJECT_DIR,
        env=os.environ | {"DBT_DUCKDB_PATH": str(database)},
        check=True,
    )


def test_incremental_day_equals_full_build(tmp_path):
    full_landing = tmp_path / "days_1_to_n"
    write_scaled(full_landing, 2, demo_dir=SEEDS_RAW)
    day_n = last_ad_day(full_landing)
    cut_landing = tmp_path / "days_1_to_n_minus_1"
    assert cut_ad_days(full_landing, cut_landing, day_n) > 0, "day N has no ad-spend rows"

    incremental_db = tmp_path / "incremental.duckdb"
    full_db = tmp_path / "full.duckdb"
    # days 1..N-1, full build; then day N lands and the same file is built incrementally
    _build(incremental_db, cut_landing, tmp_path, "first", "--exclude", "test_type:data")
    _build(incremental_db, full_landing, tmp_path, "incremental")
    _build(full_db, full_landing, tmp_path, "full", "--exclude", "test_type:data")

    con = duckdb.connect()
    con.execute("attach ? as inc (read_only)", [str(incremental_db)])
    con.execute("attach ? as ful (read_only)", [str(full_db)])
    relation = "{db}.main.int_ad_spend_daily"
    kind = con.execute(
        "select table_type from information_schema.tables "
        "where table_catalog = 'inc' and table_name = 'int_ad_spend_daily'"
    ).fetchall()
    assert kind == [("BASE TABLE",)]
    # the fact itself, then every mart
    differing = con.execute(
        f"select count(*) from (select * from {relation.format(db='inc')} except all "
        f"select * from {relation.format(db='ful')}) "
    ).fetchall()[0][0] + con.execute(
        f"select count(*) from (select * from {relation.format(db='ful')} except all "
        f"select * from {relation.format(db='inc')}) "
    ).fetchall()[0][0]
    con.close()
    assert differing == 0
    assert compare_builds([str(incremental_db), str(full_db)]) == 0
