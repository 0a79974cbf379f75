"""An incremental day gives the same marts as a full build (issue 13 part 4).

Two disjoint demo companies (the scale generator, K=2) land as parquet. The incremental
facts read the four ad-platform daily tables (int_ad_spend_daily) and the opportunity
history (int_opportunity_stage_durations): they are cut before day N, the last ad day
(days 1..N-1; day N's history versions left out and their predecessors reopened;
`cut_day_n` in revops_warehouse.generator.scale, shared with the benchmark), the project
is built in full, day N's rows are appended and `dbt build` runs incrementally on the same
file; each incremental fact and every mart must then equal, row for row, a full build of
days 1..N (compare_builds). Three dbt builds, unit tests excluded (data tests run on the
incremental build only).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from revops_warehouse.compare_builds import main as compare_builds
from revops_warehouse.generator.scale import cut_day_n, last_ad_day, vars_yaml, write_scaled
from warehouse import DBT, PROJECT_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental")]

SEEDS_RAW = PROJECT_DIR / "seeds" / "raw"
INCREMENTAL_FACTS = ("int_ad_spend_daily", "int_opportunity_stage_durations")


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
    assert cut_day_n(full_landing, cut_landing, day_n) > 0, "day N has no rows"

    incremental_db = tmp_path / "incremental.duckdb"
    full_db = tmp_path / "full.duckdb"
    # days 1..N-1, full build; then day N lands and the same file is built incrementally
    _build(incremental_db, cut_landing, tmp_path, "first", "--exclude", "test_type:data")
    con = duckdb.connect()
    con.execute("create schema before_day_n")
    con.execute("attach ? as first (read_only)", [str(incremental_db)])
    for fact in INCREMENTAL_FACTS:
        con.execute(f"create table before_day_n.{fact} as select * from first.main.{fact}")
    con.execute("detach first")
    _build(incremental_db, full_landing, tmp_path, "incremental")
    _build(full_db, full_landing, tmp_path, "full", "--exclude", "test_type:data")

    con.execute("attach ? as inc (read_only)", [str(incremental_db)])
    con.execute("attach ? as ful (read_only)", [str(full_db)])
    for fact in INCREMENTAL_FACTS:
        kind = con.execute(
            "select table_type from information_schema.tables "
            "where table_catalog = 'inc' and table_name = ?", [fact]
        ).fetchall()
        assert kind == [("BASE TABLE",)], fact
        # day N changed the fact (else the test would not exercise its incremental path)
        assert con.execute(
            f"select count(*) from (select * from ful.main.{fact} except all "
            f"select * from before_day_n.{fact})"
        ).fetchall()[0][0] > 0, f"day N does not touch {fact}"
        differing = sum(
            con.execute(
                f"select count(*) from (select * from {a}.main.{fact} except all "
                f"select * from {b}.main.{fact})"
            ).fetchall()[0][0]
            for a, b in (("inc", "ful"), ("ful", "inc"))
        )
        assert differing == 0, f"{fact}: {differing} rows differ from the full build"
    con.close()
    assert compare_builds([str(incremental_db), str(full_db)]) == 0
