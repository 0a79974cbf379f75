"""Benchmark the build at K disjoint copies of the demo company (issue 13). Not a test.

For each K: write the landing files (`generate_raw_data.py --scale K`), run the main
command's `dbt build` (seeds, models, data tests; unit tests excluded) in source mode on a
fresh DuckDB file, then run the same compiled DAG straight in DuckDB with every model a
table (the physical limit the dbt build is measured against). Prints and writes a markdown
table (default docs/benchmark.md): raw rows, dbt wall time and peak RSS, raw-DuckDB wall
time and peak RSS, the ratio dbt / raw, rows of the biggest marts. Then the incremental day
(skip with --no-incremental): the landing without its last day of ad-platform rows (days
1..N-1) is built on another fresh file, day N's rows land, and the same `dbt build` runs
again on that file (int_ad_spend_daily incremental, every other model rebuilt, data tests
rerun): its time against the full build of days 1..N above, and whether every mart equals
the full build's (compare_builds).

    python scripts/benchmark.py                      # K = 1, 10, 30
    python scripts/benchmark.py --scales 1,10,30 --with-100
    python scripts/benchmark.py --scales 1 --no-raw --out-md /tmp/b.md   # quick check
    python scripts/benchmark.py --scales 1,10 --no-raw \
        --out-json benchmarks/results_incremental.json   # the incremental figures

Peak RSS is GNU time's maximum resident set size of the measured command (dbt runs DuckDB
in its own process, so that is the build's). Figures depend on the machine and its load:
the markdown records the machine's cores and the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .paths import PROJECT_DIR

MART_SCHEMA_SUFFIXES = ("_core", "_salesops", "_revops", "_quality")



def run_raw_dag(manifest_path: Path, built: Path, raw_db: Path) -> dict[str, float]:
    """Run a dbt manifest's compiled models (all as tables) and data tests straight in DuckDB.

    Only the nodes in the build's ``run_results.json`` (beside the manifest) run. Seeds are
    copied from the dbt-built file ``built``; ``raw_db`` must have the same file
    stem (DuckDB's catalog name, which the compiled SQL names). Returns seconds per node type.
    """
    import duckdb

    manifest = json.loads(Path(manifest_path).read_text())
    # the nodes dbt ran (run_results.json beside the manifest), not disabled layouts' ones
    ran = {result["unique_id"] for result in json.loads(
        (Path(manifest_path).parent / "run_results.json").read_text())["results"]}
    nodes = {key: node for key, node in manifest["nodes"].items()
             if node["resource_type"] in ("model", "seed", "test") and key in ran}
    deps = {key: [d for d in node.get("depends_on", {}).get("nodes", []) if d in nodes]
            for key, node in nodes.items()}
    order: list[str] = []
    done: set[str] = set()

    def visit(key: str) -> None:
        if key in done:
            return
        done.add(key)
        for dep in deps[key]:
            visit(dep)
        order.append(key)

    for key in sorted(nodes):
        visit(key)
    con = duckdb.connect(str(raw_db))
    con.execute(f"attach '{built}' as built_copy (read_only)")
    timings = {"seed_s": 0.0, "model_s": 0.0, "test_s": 0.0}
    for key in order:
        node = nodes[key]
        kind = node["resource_type"]
        relation = f'"{node["schema"]}"."{node["alias"]}"'
        start = time.perf_counter()
        if kind == "seed":
            con.execute(f'create schema if not exists "{node["schema"]}"')
            con.execute(f"create table {relation} as select * from built_copy.{relation}")
        elif kind == "model":
            con.execute(f'create schema if not exists "{node["schema"]}"')
            con.execute(f"create table {relation} as ({node['compiled_code']})")
        else:
            con.execute(f"select count(*) from ({node['compiled_code']}) as t").fetchall()
        timings[f"{kind}_s"] += time.perf_counter() - start
    con.close()
    return timings


def dbt_split(target: Path) -> dict[str, float]:
    """dbt's own seconds in the last build of ``target``: elapsed, models, data tests.

    From ``run_results.json`` (node execution times summed); the rest of the wall time is
    dbt's start-up, parse and bookkeeping.
    """
    results = json.loads((Path(target) / "run_results.json").read_text())
    split = {"elapsed_s": results["elapsed_time"], "model_s": 0.0, "test_s": 0.0}
    for node in results["results"]:
        kind = node["unique_id"].split(".")[0]
        if f"{kind}_s" in split:
            split[f"{kind}_s"] += node["execution_time"]
    return split


def time_figures(log: Path) -> tuple[float, float]:
    """(CPU seconds = user + system, peak RSS in MB) from a GNU ``time -v`` log."""
    text = log.read_text()
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return cpu, (int(match.group(1)) / 1024 if match else float("nan"))


def _wall_from_log(log: Path) -> float:
    """Wall seconds from GNU time's ``Elapsed (wall clock) time ... [h:]m:ss`` line."""
    match = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)",
                      log.read_text())
    parts = [float(p) for p in match.group(1).split(":")] if match else [float("nan")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def timed(cmd: list[str], env: dict[str, str], cwd: Path,
          log: Path) -> tuple[float, float, float, int]:
    """Run ``cmd`` under GNU time: (wall s, CPU s, peak RSS MB, exit code)."""
    start = time.perf_counter()
    with log.open("w") as handle:
        proc = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, env=env,
                              stdout=handle, stderr=subprocess.STDOUT, check=False)
    wall = time.perf_counter() - start
    cpu, rss_mb = time_figures(log)
    return wall, cpu, rss_mb, proc.returncode


def mart_rows(db_path: Path, top: int) -> list[tuple[str, int]]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_type = 'BASE TABLE'").fetchall()
    counts = []
    for schema, table in tables:
        if schema.endswith(MART_SCHEMA_SUFFIXES):
            n = con.execute(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
            counts.append((table, n))
    con.close()
    return sorted(counts, key=lambda c: (-c[1], c[0]))[:top]


def run_incremental(k: int, landing: Path, full_db: Path, args: argparse.Namespace,
                    work: Path) -> dict:
    """The incremental day at K: build days 1..N-1, land day N, time the same build again.

    The landing cut and the first build are not timed. Returns the incremental build's
    figures (``inc_*``) and whether its marts equal the full build ``full_db``'s.
    """
    from revops_warehouse.compare_builds import main as compare_builds
    from revops_warehouse.generator.scale import cut_day_n, last_ad_day, vars_yaml

    cut = work / f"landing_k{k}_days_1_to_n_minus_1"
    day_n = last_ad_day(landing)
    shutil.rmtree(cut, ignore_errors=True)
    appended = cut_day_n(landing, cut, day_n)
    db = work / f"k{k}_incremental.duckdb"
    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    env = {**os.environ, "DBT_DUCKDB_PATH": str(db)}
    target = work / f"target_k{k}_incremental"

    def build(landing_dir: Path, name: str) -> tuple[float, float, float]:
        cmd = ["dbt", "build", "--exclude", "test_type:unit", "--vars", vars_yaml(landing_dir),
               "--target-path", str(target), "--threads", str(args.threads)]
        log = work / f"dbt_k{k}_{name}.log"
        wall, cpu, rss, rc = timed(cmd, env, args.project_dir, log)
        if rc != 0:
            raise SystemExit(f"dbt build ({name}) failed at K={k}: see {log}")
        return wall, cpu, rss

    print(f"K={k}: days 1..N-1 (N = {day_n}), first build ...", flush=True)
    build(cut, "days_1_to_n_minus_1")
    print(f"K={k}: day N lands ({appended:,} ad and history rows); incremental build ...",
          flush=True)
    wall, cpu, rss = build(landing, "incremental_day")
    split = dbt_split(target)
    identical = compare_builds([str(db), str(full_db)]) == 0
    shutil.rmtree(cut, ignore_errors=True)
    return {"inc_day": day_n, "inc_rows": appended, "inc_s": wall, "inc_cpu_s": cpu,
            "inc_rss_mb": rss, "inc_split": split, "inc_marts_identical": identical}


def run_scale(k: int, args: argparse.Namespace, work: Path) -> dict:
    from revops_warehouse.generator.scale import write_scaled

    landing = work / f"landing_k{k}"
    if not (landing / "scale_vars.yml").exists():
        counts = write_scaled(landing, k)
        (landing / "counts.json").write_text(json.dumps(counts))
    counts = json.loads((landing / "counts.json").read_text())
    vars_text = (landing / "scale_vars.yml").read_text()
    db = work / f"k{k}.duckdb"
    target = work / f"target_k{k}"
    env = {**os.environ, "DBT_DUCKDB_PATH": str(db)}
    log = work / f"dbt_k{k}.log"
    if args.reuse and db.exists() and log.exists() and "Exit status: 0" in log.read_text():
        # an earlier complete build of this K: its figures, as GNU time logged them
        wall = _wall_from_log(log)
        cpu, rss = time_figures(log)
        rc = 0
        print(f"K={k}: reusing the build logged in {log}", flush=True)
    else:
        for path in (db, Path(f"{db}.wal")):
            path.unlink(missing_ok=True)
        cmd = ["dbt", "build", "--exclude", "test_type:unit", "--vars", vars_text,
               "--target-path", str(target), "--threads", str(args.threads)]
        print(f"K={k}: {sum(counts.values()):,} raw rows; dbt build ...", flush=True)
        wall, cpu, rss, rc = timed(cmd, env, args.project_dir, log)
    if rc != 0:
        raise SystemExit(f"dbt build failed at K={k}: see {work / f'dbt_k{k}.log'}")
    result = {"k": k, "raw_rows": sum(counts.values()), "dbt_s": wall, "dbt_cpu_s": cpu,
              "dbt_rss_mb": rss, "marts": mart_rows(db, args.top_marts)}
    if (target / "run_results.json").exists():
        result["dbt_split"] = dbt_split(target)
    if not args.no_raw:
        raw_dir = work / f"raw_k{k}"
        shutil.rmtree(raw_dir, ignore_errors=True)
        raw_dir.mkdir(parents=True)
        raw_db = raw_dir / db.name  # same file stem = same catalog name as the compiled SQL
        print(f"K={k}: the compiled DAG straight in DuckDB ...", flush=True)
        wall_raw, cpu_raw, rss_raw, rc = timed(
            [sys.executable, "-m", "revops_warehouse.benchmark", "raw-dag",
             str(target / "manifest.json"), str(db), str(raw_db)],
            env, args.project_dir, work / f"raw_k{k}.log")
        if rc != 0:
            raise SystemExit(f"raw DuckDB run failed at K={k}: see {work / f'raw_k{k}.log'}")
        detail = json.loads([line for line in (work / f"raw_k{k}.log").read_text().splitlines()
                             if line.startswith("{")][-1])
        result.update(raw_s=wall_raw, raw_cpu_s=cpu_raw, raw_rss_mb=rss_raw, raw_detail=detail)
        shutil.rmtree(raw_dir, ignore_errors=True)
    if not args.no_incremental:
        result.update(run_incremental(k, landing, db, args, work))
    print(json.dumps(result), flush=True)
    return result


def _table(results: list[dict]) -> list[str]:
    lines = [
        "| K | raw rows | dbt wall (s) | dbt CPU (s) | dbt peak RSS (MB) | raw DuckDB wall (s) "
        "| raw CPU (s) | raw peak RSS (MB) | dbt / raw (CPU) | biggest marts (rows) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        has_raw = "raw_s" in r
        cpu = r.get("dbt_cpu_s")
        raw = (f"{r['raw_s']:.1f} | {r['raw_cpu_s']:.1f} | {r['raw_rss_mb']:.0f} | "
               f"{cpu / r['raw_cpu_s']:.2f}" if has_raw and cpu else "n/a | n/a | n/a | n/a")
        marts = ", ".join(f"{name} {n:,}" for name, n in r["marts"])
        cpu_text = f"{cpu:.1f}" if cpu else "n/a"
        lines.append(f"| {r['k']} | {r['raw_rows']:,} | {r['dbt_s']:.1f} | {cpu_text} | "
                     f"{r['dbt_rss_mb']:.0f} | {raw} | {marts} |")
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = f"Growth K={first['k']} to K={last['k']}: data " \
                 f"{last['raw_rows'] / first['raw_rows']:.1f}x, dbt wall " \
                 f"{last['dbt_s'] / first['dbt_s']:.1f}x"
        if first.get("dbt_cpu_s") and last.get("dbt_cpu_s"):
            growth += f", dbt CPU {last['dbt_cpu_s'] / first['dbt_cpu_s']:.1f}x"
        lines += ["", growth + "."]
    details = [r for r in results if "raw_detail" in r]
    if details:
        lines += ["", "Raw DuckDB wall split (s): "
                  + "; ".join(f"K={r['k']}: models {r['raw_detail'].get('model_s', 0):.1f}, "
                              f"tests {r['raw_detail'].get('test_s', 0):.1f}, "
                              f"seeds {r['raw_detail'].get('seed_s', 0):.1f}" for r in details)
                  + "."]
    return lines


def markdown(results: list[dict], args: argparse.Namespace) -> str:
    lines = [
        "# Build benchmark",
        "",
        f"Written by `scripts/benchmark.py` on {dt.date.today().isoformat()}, "
        f"{os.cpu_count()} cores, dbt `--threads {args.threads}`{args.note}.",
        "K disjoint copies of the demo company as parquet landing files "
        "(`generate_raw_data.py --scale K`), built in source mode by the main command "
        "(`dbt build --exclude test_type:unit`: seeds, models, data tests) on a fresh file. "
        "*Raw DuckDB*: the same compiled models (all as tables) and data tests run in one "
        "DuckDB connection, no dbt. CPU = user + system seconds of the process (DuckDB's "
        "threads summed): on a shared machine it moves less than wall time, but it moves. "
        "Peak RSS: "
        "GNU time's maximum resident set size.",
        "",
        *_table(results),
    ]
    if args.before_json:
        before = json.loads(args.before_json.read_text())
        lines += ["", f"## Before: {args.before_label}", "", *_table(before)]
    incremental = [r for r in results if "inc_s" in r]
    if getattr(args, "incremental_json", None):
        incremental = json.loads(args.incremental_json.read_text())
    lines += ["", *_incremental_section(incremental, getattr(args, "incremental_note", "")), ""]
    return "\n".join(lines)


def _incremental_section(results: list[dict], note: str = "") -> list[str]:
    """Incremental day vs full build: the ``inc_*`` figures of ``results``."""
    lines = ["## Incremental day vs full build", ""]
    results = [r for r in results if "inc_s" in r]
    if not results:
        return lines + ["Not measured (the benchmark ran with `--no-incremental`)."]
    lines += [
        "The landing without its last day of ad-platform rows and opportunity-history "
        "versions (days 1..N-1, `cut_day_n`) is built on a fresh file, day N's rows are "
        "appended and the same command (`dbt build --exclude test_type:unit`) runs again on "
        "that file: *incremental day* is that second build, *full build* the build of days "
        "1..N on a fresh file (same run). Two models are incremental (`int_ad_spend_daily` "
        "by day, `int_opportunity_stage_durations` by opportunity, look-back "
        "`incremental_lookback_days`): the incremental run still rebuilds every other model "
        "and reruns every data test, so the figure is the cost of a daily run today, not of "
        "an append-only pipeline."
        + (f" {note}" if note else ""),
        "",
        "| K | raw rows | day N | rows appended | full build wall (s) | full CPU (s) "
        "| incremental day wall (s) | incremental CPU (s) | incremental peak RSS (MB) "
        "| incremental / full (wall) | incremental / full (CPU) | marts identical |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cpu = r.get("dbt_cpu_s")
        full_cpu, cpu_ratio = ((f"{cpu:.1f}", f"{r['inc_cpu_s'] / cpu:.2f}") if cpu
                               else ("n/a", "n/a"))
        lines.append(
            f"| {r['k']} | {r['raw_rows']:,} | {r['inc_day']} | {r['inc_rows']:,} | "
            f"{r['dbt_s']:.1f} | {full_cpu} | {r['inc_s']:.1f} | {r['inc_cpu_s']:.1f} | "
            f"{r['inc_rss_mb']:.0f} | {r['inc_s'] / r['dbt_s']:.2f} | {cpu_ratio} | "
            f"{'yes' if r['inc_marts_identical'] else '**no**'} |")
    splits = [r for r in results if "inc_split" in r and "dbt_split" in r]
    if splits:
        lines += ["", "dbt's own split (`run_results.json`, s), full build / incremental day: "
                  + "; ".join(
                      f"K={r['k']}: dbt elapsed {r['dbt_split']['elapsed_s']:.1f} / "
                      f"{r['inc_split']['elapsed_s']:.1f}, models "
                      f"{r['dbt_split']['model_s']:.1f} / {r['inc_split']['model_s']:.1f}, "
                      f"data tests {r['dbt_split']['test_s']:.1f} / "
                      f"{r['inc_split']['test_s']:.1f}" for r in splits)
                  + ". Wall minus dbt elapsed is start-up and parse."]
    return lines


def main(argv: list[str] | None = None) -> int:
    """CLI: the benchmark, or ``raw-dag MANIFEST BUILT RAW_DB`` (run by the benchmark)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["raw-dag"]:
        print(json.dumps(run_raw_dag(*(Path(a) for a in argv[1:4]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10,30", help="comma-separated K values")
    parser.add_argument("--with-100", action="store_true", help="add K=100 (~25 M raw rows)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-DuckDB run")
    parser.add_argument("--no-incremental", action="store_true",
                        help="skip the incremental day (two more dbt builds per K)")
    parser.add_argument("--incremental-json", type=Path, default=None,
                        help="render the incremental section from this results file (e.g. "
                             "benchmarks/results_incremental.json) instead of this run's")
    parser.add_argument("--incremental-note", default="",
                        help="text appended to the incremental section's explanation")
    parser.add_argument("--out-json", type=Path, default=None,
                        help="also copy this run's results.json here")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse a K's complete dbt build (and its logged figures) in "
                             "--work-dir instead of rebuilding it (to resume a run)")
    parser.add_argument("--top-marts", type=int, default=3)
    parser.add_argument("--project-dir", type=Path, default=PROJECT_DIR,
                        help="dbt project to build (e.g. a checkout of main, for a before)")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "target" / "benchmark")
    parser.add_argument("--out-md", type=Path, default=PROJECT_DIR / "docs" / "benchmark.md")
    parser.add_argument("--note", default="", help="text appended to the header line")
    parser.add_argument("--before-json", type=Path, default=None,
                        help="results.json of an earlier run (e.g. main) shown as a second table")
    parser.add_argument("--before-label", default="main before issue 13")
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite the markdown from --work-dir/results.json, run nothing")
    args = parser.parse_args(argv)
    scales = [int(k) for k in args.scales.split(",") if k]
    if args.with_100 and 100 not in scales:
        scales.append(100)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    args.project_dir = args.project_dir.resolve()
    if args.render_only:
        results = json.loads((args.work_dir / "results.json").read_text())
    else:
        results = [run_scale(k, args, args.work_dir.resolve()) for k in scales]
    text = markdown(results, args)
    args.out_md.parent.mkdir(parents=True, exist_ok=True)
    if args.out_md.exists() and "\n## Notes" in args.out_md.read_text():
        # hand-written reading of the figures: kept across reruns
        text += "\n## Notes" + args.out_md.read_text().split("\n## Notes", 1)[1]
    args.out_md.write_text(text, encoding="utf-8")
    (args.work_dir / "results.json").write_text(json.dumps(results, indent=2))
    if args.out_json:
        args.out_json.write_text(json.dumps(results, indent=2) + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
