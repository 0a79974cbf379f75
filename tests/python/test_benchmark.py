"""scripts/benchmark.py's parts that need no dbt build: the raw-DuckDB DAG runner, the
GNU-time parsing and the markdown (the benchmark itself is a measurement, not a test)."""

from __future__ import annotations

import json
from argparse import Namespace
from pathlib import Path

import duckdb

from revops_warehouse import benchmark


def _node(kind: str, name: str, deps: list[str], sql: str | None = None) -> dict:
    node = {"resource_type": kind, "schema": "main_x", "alias": name,
            "depends_on": {"nodes": deps}}
    if sql is not None:
        node["compiled_code"] = sql
    return node


def test_run_raw_dag_runs_the_nodes_dbt_ran_in_dependency_order(tmp_path: Path):
    built = tmp_path / "built" / "wh.duckdb"
    built.parent.mkdir()
    con = duckdb.connect(str(built))
    con.execute("create schema main_x; create table main_x.s as select 1 as v union all select 2")
    con.close()
    nodes = {
        # listed child first: the runner must order by depends_on
        "model.p.m2": _node("model", "m2", ["model.p.m1"],
                            'select sum(v) as v from "wh"."main_x"."m1"'),
        "model.p.m1": _node("model", "m1", ["seed.p.s"],
                            'select v * 10 as v from "wh"."main_x"."s"'),
        "seed.p.s": {"resource_type": "seed", "schema": "main_x", "alias": "s"},
        "test.p.t": _node("test", "t", ["model.p.m2"],
                          'select * from "wh"."main_x"."m2" where v <> 30'),
        "test.p.disabled_layout": _node("test", "d", []),  # no compiled code: dbt did not run it
    }
    target = tmp_path / "target"
    target.mkdir()
    (target / "manifest.json").write_text(json.dumps({"nodes": nodes}))
    ran = [k for k in nodes if k != "test.p.disabled_layout"]
    (target / "run_results.json").write_text(
        json.dumps({"results": [{"unique_id": k} for k in ran]}))
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    timings = benchmark.run_raw_dag(target / "manifest.json", built, raw_dir / "wh.duckdb")
    assert set(timings) == {"seed_s", "model_s", "test_s"}
    con = duckdb.connect(str(raw_dir / "wh.duckdb"), read_only=True)
    assert con.execute("select v from main_x.m2").fetchall() == [(30,)]
    con.close()


def test_time_figures_and_markdown(tmp_path: Path):
    log = tmp_path / "dbt_k1.log"
    log.write_text("\tUser time (seconds): 40.50\n\tSystem time (seconds): 2.00\n"
                   "\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n"
                   "\tMaximum resident set size (kbytes): 2048\n\tExit status: 0\n")
    assert benchmark.time_figures(log) == (42.5, 2.0)
    assert benchmark._wall_from_log(log) == 62.5
    results = [
        {"k": 1, "raw_rows": 100, "dbt_s": 60.0, "dbt_cpu_s": 40.0, "dbt_rss_mb": 300,
         "marts": [["fct_a", 10]], "raw_s": 5.0, "raw_cpu_s": 4.0, "raw_rss_mb": 200,
         "raw_detail": {"model_s": 3.0, "test_s": 1.0, "seed_s": 0.1}},
        {"k": 10, "raw_rows": 1000, "dbt_s": 120.0, "dbt_cpu_s": 80.0, "dbt_rss_mb": 600,
         "marts": [["fct_a", 100]]},
    ]
    text = benchmark.markdown(results, Namespace(threads=1, note="", before_json=None))
    assert "| 1 | 100 | 60.0 | 40.0 | 300 | 5.0 | 4.0 | 200 | 10.00 | fct_a 10 |" in text
    assert "| 10 | 1,000 | 120.0 | 80.0 | 600 | n/a | n/a | n/a | n/a | fct_a 100 |" in text
    assert "data 10.0x, dbt wall 2.0x, dbt CPU 2.0x" in text


def test_incremental_section():
    full = {"k": 1, "raw_rows": 100, "dbt_s": 40.0, "dbt_cpu_s": 30.0, "dbt_rss_mb": 300,
            "marts": [["fct_a", 10]]}
    args = Namespace(threads=1, note="", before_json=None)
    assert "Not measured" in benchmark.markdown([full], args)
    measured = {**full, "inc_day": "2025-06-30", "inc_rows": 12, "inc_s": 36.0,
                "inc_cpu_s": 27.0, "inc_rss_mb": 280, "inc_marts_identical": True}
    text = benchmark.markdown([measured], args)
    assert "## Incremental day vs full build" in text
    assert ("| 1 | 100 | 2025-06-30 | 12 | 40.0 | 30.0 | 36.0 | 27.0 | 280 | 0.90 | 0.90 "
            "| yes |") in text
    split = {"elapsed_s": 30.0, "model_s": 7.0, "test_s": 17.0}
    text = benchmark.markdown([{**measured, "dbt_split": split, "inc_split": split}], args)
    assert "K=1: dbt elapsed 30.0 / 30.0, models 7.0 / 7.0, data tests 17.0 / 17.0" in text
    assert "**no** |" in benchmark.markdown([{**measured, "inc_marts_identical": False}], args)


def test_dbt_split(tmp_path: Path):
    (tmp_path / "run_results.json").write_text(json.dumps({"elapsed_time": 9.5, "results": [
        {"unique_id": "model.p.a", "execution_time": 1.0},
        {"unique_id": "model.p.b", "execution_time": 2.0},
        {"unique_id": "test.p.t", "execution_time": 0.5},
        {"unique_id": "seed.p.s", "execution_time": 4.0}]}))
    assert benchmark.dbt_split(tmp_path) == {"elapsed_s": 9.5, "model_s": 3.0, "test_s": 0.5}


def test_cut_day_n_lands_days_1_to_n_minus_1(tmp_path: Path):
    from revops_warehouse.generator.scale import AD_DAILY_TABLES, cut_day_n, last_ad_day

    landing = tmp_path / "full"
    (landing / "marketing").mkdir(parents=True)
    (landing / "scale_vars.yml").write_text("stale\n")
    con = duckdb.connect()
    for n, (table, column) in enumerate(AD_DAILY_TABLES.items()):
        last = "2025-06-30" if n == 0 else "2025-06-29"
        con.execute(f"copy (select * from (values ('2025-06-28'), ('{last}')) as t({column})) "
                    f"to '{landing / 'marketing' / f'{table}.parquet'}' (format parquet)")
    day_n = last_ad_day(landing)
    assert day_n == "2025-06-30"
    # opportunity history: o1's day-N version leaves, and its predecessor is current again
    (landing / "crm").mkdir()
    con.execute(
        "copy (select * from (values "
        "('o1', '2025-06-01T10:00:00.000Z', '2025-06-30T09:00:00.000Z', 'false', 'a'), "
        "('o1', '2025-06-30T09:00:00.001Z', '9999-12-31T23:59:59.999Z', 'true', 'b'), "
        "('o2', '2025-06-02T10:00:00.000Z', '9999-12-31T23:59:59.999Z', 'true', 'c')) "
        "as t(id, _fivetran_start, _fivetran_end, _fivetran_active, stage_name)) "
        f"to '{landing / 'crm' / 'opportunity_history.parquet'}' (format parquet)")
    assert cut_day_n(landing, tmp_path / "cut", day_n) == 2
    assert sorted(con.execute(
        "select id, _fivetran_end, _fivetran_active, stage_name from "
        f"read_parquet('{tmp_path / 'cut' / 'crm' / 'opportunity_history.parquet'}')"
    ).fetchall()) == [("o1", "9999-12-31T23:59:59.999Z", "true", "a"),
                      ("o2", "9999-12-31T23:59:59.999Z", "true", "c")]
    assert last_ad_day(tmp_path / "cut") == "2025-06-29"
    assert str(tmp_path / "cut") in (tmp_path / "cut" / "scale_vars.yml").read_text()
    con.close()
