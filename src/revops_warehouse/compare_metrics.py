"""Compare every metric mart in a built DuckDB file with the independent pandas oracle.

    python scripts/compare_metrics.py --duckdb "$DBT_DUCKDB_PATH" [--raw-dir seeds/raw]
        [--vars '{"as_of_date": "2025-12-31"}'] [--models fct_a,fct_b] [--json target/x.json]

The oracle (src/revops_warehouse/oracle, see its README) recomputes each mart from the raw
tables; this
script joins oracle and mart on the mart's grain and compares every column:
DOUBLE/FLOAT at ±1e-6 (ratios, metrics-spec G6; plus a relative 1e-9 for large doubles),
DECIMAL at ±0.005 (money), everything else
exactly; NULL must match NULL; NaN/inf in a mart is always a difference; rows on one side
only are differences. A mart column with no oracle value must be listed in the oracle's
`ModelSpec.exclude` (with a reason); a mart in a metric schema with no oracle must be in
EXCLUDED_MODELS below. Exit code 1 on any difference, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from revops_warehouse import oracle
from revops_warehouse.oracle import ModelSpec, RawTables, load_settings

RATIO_TOLERANCE = 1e-6
# DOUBLE columns that are not 0-1 ratios (velocity in currency/day, LTV multiples) reach
# 1e4-1e6: there an absolute 1e-6 is below what double arithmetic over DECIMAL inputs keeps,
# so DOUBLE values also pass within a relative 1e-9 (it only matters above |x| = 1000).
RATIO_RELATIVE_TOLERANCE = 1e-9
MONEY_TOLERANCE = 0.005
METRIC_SCHEMAS = ("revops", "salesops")

# Marts in a metric schema that the oracle deliberately does not recompute: name -> reason.
EXCLUDED_MODELS: dict[str, str] = {}


@dataclass
class Difference:
    """One mismatch: which mart, metric and grain key; what the oracle and the mart say."""

    model: str
    metric: str
    key: dict
    expected: object
    actual: object


@dataclass
class ModelResult:
    """Comparison counts for one mart."""

    model: str
    oracle_rows: int = 0
    mart_rows: int = 0
    rows_compared: int = 0
    metrics_checked: int = 0
    excluded: dict = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)


@dataclass
class Report:
    """Everything the comparer found; `ok` is True when there is nothing to fix."""

    results: list[ModelResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def differences(self) -> list[Difference]:
        return [d for r in self.results for d in r.differences]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.differences


def find_relations(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Table name -> [(schema, kind)] from the DuckDB catalog (all schemas)."""
    rows = con.execute(
        "select table_schema, table_name, table_type from information_schema.tables"
    ).fetchall()
    relations: dict[str, list[tuple[str, str]]] = {}
    for schema, name, kind in rows:
        relations.setdefault(name, []).append((schema, kind))
    return relations


def pick_schema(candidates: list[tuple[str, str]], folder: str) -> str | None:
    """The schema of a mart: one ending with its folder name (`main_revops`), else the only one."""
    for schema, _ in candidates:
        if schema == folder or schema.endswith(f"_{folder}"):
            return schema
    return candidates[0][0] if len(candidates) == 1 else None


def read_mart(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> tuple[pd.DataFrame, dict]:
    """The mart as an object-dtype frame (None = NULL, Decimal kept) and column -> DuckDB type."""
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall()
    )
    cursor = con.execute(f'select * from "{schema}"."{name}"')
    columns = [d[0] for d in cursor.description]
    frame = pd.DataFrame(cursor.fetchall(), columns=columns, dtype=object)
    return frame, types


def kind_of(duckdb_type: str) -> str:
    """ratio | money | number | date | text from a DuckDB type name."""
    upper = duckdb_type.upper()
    if upper.startswith(("DOUBLE", "FLOAT", "REAL")):
        return "ratio"
    if upper.startswith(("DECIMAL", "NUMERIC")):
        return "money"
    if any(t in upper for t in ("INT", "HUGEINT")):
        return "number"
    if upper.startswith(("DATE", "TIMESTAMP")):
        return "date"
    if upper.startswith("BOOL"):
        return "bool"
    return "text"


def _is_null(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _normalise_key(values: pd.Series) -> pd.Series:
    """Grain values to a comparable form (dates -> 'YYYY-MM-DD', others -> str)."""

    def one(value):
        if _is_null(value):
            return None
        if hasattr(value, "strftime"):
            stamp = pd.Timestamp(value)
            return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()
        if isinstance(value, bool | np.bool_):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return values.map(one).astype(object)


def _to_float(values: pd.Series) -> pd.Series:
    return pd.Series(
        [np.nan if _is_null(v) else float(v) for v in values], index=values.index, dtype="float64"
    )


def _cell_diff(kind: str, expected: pd.Series, actual: pd.Series) -> pd.Series:
    """Boolean mask of rows where oracle (`expected`) and mart (`actual`) disagree."""
    expected_null = expected.map(_is_null).astype(bool)
    # The mart side: only None is NULL; a NaN there is itself a defect (D20).
    actual_null = actual.map(lambda v: v is None).astype(bool)
    if kind in ("ratio", "money", "number"):
        tolerance = {"ratio": RATIO_TOLERANCE, "money": MONEY_TOLERANCE, "number": 0.0}[kind]
        e = _to_float(expected)
        a = _to_float(actual.where(~actual_null, None))
        finite = np.isfinite(e) & np.isfinite(a)
        allowed = tolerance + 1e-9
        if kind == "ratio":
            allowed = allowed + RATIO_RELATIVE_TOLERANCE * np.maximum(e.abs(), a.abs())
        close = finite & ((e - a).abs() <= allowed)
        both_null = expected_null & actual_null
        return ~(both_null | (~expected_null & ~actual_null & close))
    e = _normalise_key(expected)
    a = _normalise_key(actual)
    same = (e == a) | (expected_null & actual_null)
    return ~same.astype(bool)


def _display(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return value


def compare_model(
    name: str, spec: ModelSpec, expected: pd.DataFrame, actual: pd.DataFrame, types: dict
) -> ModelResult:
    """Join oracle and mart on the grain and compare every mart column."""
    result = ModelResult(model=name, oracle_rows=len(expected), mart_rows=len(actual))
    result.excluded = dict(spec.exclude)
    grain = list(spec.grain)
    for side, frame in (("oracle", expected), ("mart", actual)):
        missing = [c for c in grain if c not in frame.columns]
        if missing:
            result.differences.append(
                Difference(name, "<grain>", {}, f"{side} lacks {missing}", None)
            )
            return result
    left = expected.copy()
    right = actual.copy()
    for column in grain:
        left[f"_k_{column}"] = _normalise_key(left[column])
        right[f"_k_{column}"] = _normalise_key(right[column])
    keys = [f"_k_{c}" for c in grain]
    for side, frame in (("oracle", left), ("mart", right)):
        dupes = frame[frame.duplicated(keys, keep=False)]
        for _, row in dupes.drop_duplicates(keys).iterrows():
            key = {c: row[f"_k_{c}"] for c in grain}
            result.differences.append(Difference(name, "<duplicate grain>", key, side, None))
    left = left.drop_duplicates(keys)
    right = right.drop_duplicates(keys)
    merged = left.merge(right, on=keys, how="outer", suffixes=("__o", "__m"), indicator=True)
    for _, row in merged[merged["_merge"] != "both"].iterrows():
        key = {c: row[f"_k_{c}"] for c in grain}
        in_oracle = row["_merge"] == "left_only"
        result.differences.append(
            Difference(
                name,
                "<row>",
                key,
                "present" if in_oracle else "absent",
                "absent" if in_oracle else "present",
            )
        )
    both = merged[merged["_merge"] == "both"]
    result.rows_compared = len(both)
    for column in actual.columns:
        if column in grain or column in spec.exclude:
            continue
        if column not in expected.columns:
            result.differences.append(
                Difference(name, column, {}, "no oracle coverage (not in ModelSpec.exclude)", None)
            )
            continue
        result.metrics_checked += 1
        e = both[f"{column}__o"] if f"{column}__o" in both else both[column]
        a = both[f"{column}__m"] if f"{column}__m" in both else both[column]
        mask = _cell_diff(kind_of(types.get(column, "VARCHAR")), e.astype(object), a.astype(object))
        for index in both.index[mask.to_numpy()]:
            key = {c: both.at[index, f"_k_{c}"] for c in grain}
            result.differences.append(
                Difference(name, column, key, _display(e.at[index]), _display(a.at[index]))
            )
    # Extra oracle columns (helpers such as mrr_native) are ignored: a missing mart
    # column already shows up as "no oracle coverage" above.
    return result


def run(
    duckdb_path: Path | str,
    raw_dir: Path | str | None = None,
    vars_override: dict | str | None = None,
    models: list[str] | None = None,
    domains: tuple[str, ...] = oracle.DOMAINS,
) -> Report:
    """Compute the oracle and compare it with the marts of `duckdb_path` (opened read-only)."""
    report = Report()
    settings = load_settings(overrides=vars_override)
    raw = RawTables(raw_dir or oracle.DEFAULT_RAW_DIR)
    modules = oracle.load_domains(domains)
    specs: dict[str, ModelSpec] = {}
    frames: dict[str, pd.DataFrame] = {}
    for domain, module in modules.items():
        wanted = {m: s for m, s in module.MODELS.items() if not models or m in models}
        if not wanted:
            continue
        try:
            computed = module.compute(raw, settings)
        except Exception as error:  # the report must say which domain broke
            report.problems.append(
                f"oracle.{domain}.compute failed: {type(error).__name__}: {error}"
            )
            continue
        for name, spec in wanted.items():
            specs[name] = spec
            if name not in computed:
                report.problems.append(f"oracle.{domain} declares {name} but did not compute it")
            else:
                frames[name] = computed[name]
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        relations = find_relations(con)
        for name, spec in specs.items():
            if name not in frames:
                continue
            schema = pick_schema(relations.get(name, []), spec.schema)
            if schema is None:
                report.problems.append(f"mart {name} not found in {duckdb_path}")
                continue
            actual, types = read_mart(con, schema, name)
            report.results.append(compare_model(name, spec, frames[name], actual, types))
        if not models:
            for name, candidates in sorted(relations.items()):
                in_metric_schema = any(
                    s.endswith(tuple(f"_{f}" for f in METRIC_SCHEMAS)) or s in METRIC_SCHEMAS
                    for s, _ in candidates
                )
                if in_metric_schema and name not in specs and name not in EXCLUDED_MODELS:
                    report.problems.append(
                        f"mart {name} has no oracle and is not in EXCLUDED_MODELS"
                    )
    return report


def print_report(report: Report, out=None) -> None:
    """Summary table, then every difference (metric, grain key, expected, actual)."""
    out = out or sys.stdout  # resolved at call time, so captured streams see it
    header = f"{'mart':<40} {'metrics':>7} {'oracle':>7} {'mart':>7} {'compared':>8} {'diffs':>6}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for r in report.results:
        print(
            f"{r.model:<40} {r.metrics_checked:>7} {r.oracle_rows:>7} {r.mart_rows:>7} "
            f"{r.rows_compared:>8} {len(r.differences):>6}",
            file=out,
        )
    total = sum(r.metrics_checked for r in report.results)
    print(
        f"{'TOTAL':<40} {total:>7} {'':>7} {'':>7} "
        f"{sum(r.rows_compared for r in report.results):>8} {len(report.differences):>6}",
        file=out,
    )
    excluded = [(r.model, c, why) for r in report.results for c, why in r.excluded.items()]
    if excluded or EXCLUDED_MODELS:
        print("\nnot compared (documented exclusions):", file=out)
        for model, column, why in excluded:
            print(f"  {model}.{column}: {why}", file=out)
        for model, why in EXCLUDED_MODELS.items():
            print(f"  {model}: {why}", file=out)
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=out)
    if report.differences:
        print(
            "\ndifferences (model | metric | grain | expected (oracle) | actual (mart)):", file=out
        )
        for d in report.differences:
            key = ", ".join(f"{k}={v}" for k, v in d.key.items())
            print(f"  {d.model} | {d.metric} | {key} | {d.expected!r} | {d.actual!r}", file=out)
    print("\nRESULT: " + ("OK, zero differences" if report.ok else "DIFFERENCES FOUND"), file=out)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", required=True, help="built DuckDB file (opened read-only)")
    parser.add_argument("--raw-dir", default=None, help="raw tables dir (default seeds/raw)")
    parser.add_argument("--vars", default=None, help="dbt vars overrides, JSON (as for dbt --vars)")
    parser.add_argument("--models", default=None, help="comma-separated marts to check")
    parser.add_argument("--json", default=None, help="also write the full report as JSON here")
    args = parser.parse_args(argv)
    models = [m.strip() for m in args.models.split(",")] if args.models else None
    report = run(args.duckdb, args.raw_dir, args.vars, models)
    print_report(report)
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "ok": report.ok,
            "problems": report.problems,
            "results": [
                {k: v for k, v in asdict(r).items() if k != "differences"}
                | {"differences": len(r.differences)}
                for r in report.results
            ],
            "differences": [asdict(d) for d in report.differences],
        }
        path.write_text(json.dumps(payload, indent=2, default=str))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
