"""Build the whole project on a raw dataset in a subprocess, then query its models.

`build_warehouse()` runs `dbt build` in its own process, with its own DuckDB file
(DBT_DUCKDB_PATH) and its own `--target-path`, so several builds (and other people's dbt
runs) never share a connection, a lock or a manifest. `Warehouse.query()` resolves a model
name to its relation through that target's manifest.json, so no schema is hard-coded.

Typical use (pytest fixture):

    vars_ = {**case_vars, **external_location_vars(raw_dir)}
    warehouse = build_warehouse(raw_dir, vars_, tmp_path, select=["+fct_mrr_arr_monthly"])
    rows = warehouse.query("fct_mrr_arr_monthly", "select * from {model} where ...")
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")
FAILED_STATUSES = ("error", "fail", "runtime error")


class BuildError(RuntimeError):
    """`dbt build` did not run at all (parse or compilation error, no run_results.json)."""


@dataclass(frozen=True)
class NodeResult:
    """One entry of run_results.json: unique_id, status, message, failures (rows)."""

    unique_id: str
    status: str
    message: str | None
    failures: int | None


@dataclass
class Warehouse:
    """A built DuckDB warehouse and what dbt said about building it.

    Attributes:
        database: the DuckDB file.
        target_path: dbt's --target-path of this build (manifest.json, run_results.json).
        relations: model name -> quoted relation name, from manifest.json.
        results: one NodeResult per executed node.
        returncode: exit code of `dbt build` (1 when a model or test failed).
        log: dbt's combined stdout and stderr.
        time_zone: session TimeZone used for queries (the profile's, UTC).
        recovery_results: results of the `dbt run` of models that `dbt build` skipped.
    """

    database: Path
    target_path: Path
    relations: dict[str, str]
    results: list[NodeResult] = field(default_factory=list)
    returncode: int = 0
    log: str = ""
    time_zone: str = "UTC"
    recovery_results: list[NodeResult] = field(default_factory=list)

    @property
    def failures(self) -> list[NodeResult]:
        """Nodes that errored or whose test failed."""
        return [result for result in self.results if result.status in FAILED_STATUSES]

    @property
    def skipped(self) -> list[NodeResult]:
        """Nodes dbt skipped because something upstream failed."""
        return [result for result in self.results if result.status == "skipped"]

    def failure_summary(self) -> str:
        """One line per failed node: status, unique_id, message (for assertion messages)."""
        recovery_failures = [
            result for result in self.recovery_results if result.status in FAILED_STATUSES
        ]
        return "\n".join(
            f"{result.status}: {result.unique_id}: {(result.message or '').strip()[:300]}"
            for result in [*self.failures, *recovery_failures]
        )

    def has_relation(self, model: str) -> bool:
        """True when `model` is in the manifest and its relation exists in the database."""
        if model not in self.relations:
            return False
        try:
            self.query(model, "select 1 from {model} limit 1")
        except duckdb.Error:
            return False
        return True

    def relation(self, model: str) -> str:
        """The quoted relation name of a model (or seed).

        Raises:
            KeyError: the model is not in this build's manifest.
        """
        if model not in self.relations:
            raise KeyError(f"model {model!r} is not in the manifest of {self.target_path}")
        return self.relations[model]

    def query(self, model: str, sql: str = "select * from {model}",
              params: tuple | list = ()) -> list[dict]:
        """Run `sql` with `{model}` standing for the model's relation; rows as dicts.

        NULL is None, NaN/inf stay floats (so a test can see them), DECIMAL becomes float
        (tolerance checks), DATE stays datetime.date. A read-only connection is opened per
        call, with the session TimeZone set to `time_zone`.

        Raises:
            KeyError: unknown model. duckdb.Error: the SQL fails (e.g. relation missing).
        """
        statement = sql.format(model=self.relation(model))
        with duckdb.connect(str(self.database), read_only=True) as connection:
            connection.execute(f"set TimeZone = '{self.time_zone}'")
            cursor = connection.execute(statement, list(params))
            columns = [description[0] for description in cursor.description]
            rows = cursor.fetchall()
        return [
            {
                column: float(value) if isinstance(value, Decimal) else value
                for column, value in zip(columns, row, strict=True)
            }
            for row in rows
        ]

    def columns(self, model: str) -> list[str]:
        """Column names of a built model, in order."""
        with duckdb.connect(str(self.database), read_only=True) as connection:
            cursor = connection.execute(f"select * from {self.relation(model)} limit 0")
            return [description[0] for description in cursor.description]


def read_relations(target_path: Path) -> dict[str, str]:
    """Model and seed name -> relation_name from `<target_path>/manifest.json`."""
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    return {
        node["name"]: node["relation_name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed") and node.get("relation_name")
    }


def read_results(target_path: Path) -> list[NodeResult]:
    """The node results of `<target_path>/run_results.json` (empty if absent)."""
    path = target_path / "run_results.json"
    if not path.exists():
        return []
    payload = json.loads(path.read_text(encoding="utf-8"))
    return [
        NodeResult(item["unique_id"], item["status"], item.get("message"), item.get("failures"))
        for item in payload["results"]
    ]


def build_warehouse(
    raw_dir: Path,
    vars: dict,  # noqa: A002 - the brief's name, mirrors dbt's --vars
    workdir: Path,
    select: list[str] | None = None,
    exclude: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    indirect_selection: str = "buildable",
    timeout_seconds: int = 900,
    project_dir: Path = PROJECT_DIR,
    rebuild_skipped: bool = True,
) -> Warehouse:
    """Run `dbt build` of this project on a raw dataset, in a subprocess.

    Args:
        raw_dir: the raw layer (`<raw_dir>/<source>/<table>.csv`); recorded in the vars
            as `<source>_external_location` unless `vars` already sets them.
        vars: project vars, passed as `--vars` JSON (e.g. raw_data_mode, as_of_date,
            reporting_start_month, company_time_zone).
        workdir: a fresh directory for `warehouse.duckdb`, `target/` and `logs/`.
        select: dbt --select arguments (default: the whole project).
        exclude: dbt --exclude arguments (default: unit tests, which do not read data).
        extra_env: environment overrides for the subprocess (e.g. TZ for TZ01).
        indirect_selection: dbt --indirect-selection; 'buildable' keeps the data tests of
            the selected models and skips tests that need an unselected model.
        timeout_seconds: subprocess timeout.
        project_dir: the dbt project (default: this repository).
        rebuild_skipped: when a failing test made `dbt build` skip downstream models,
            `dbt run` those models afterwards (same vars and target) so that value checks
            can still report actual numbers; the build's failures stay in `results`.

    Returns:
        A Warehouse. A failing model or test does not raise: see `Warehouse.failures`.

    Raises:
        BuildError: dbt produced no run_results.json (parse/compile error, bad vars).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "warehouse.duckdb"
    target_path = workdir / "target"
    all_vars = {
        "raw_data_mode": "source",
        **{
            f"{source}_external_location": f"{Path(raw_dir).resolve()}/{source}/{{name}}.csv"
            for source in ("crm", "marketing", "billing", "finance")
        },
        **vars,
    }
    common = [
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(target_path),
        "--log-path", str(workdir / "logs"),
        "--vars", json.dumps(all_vars),
    ]
    command = [str(DBT), "build", *common, "--indirect-selection", indirect_selection]
    if select:
        command += ["--select", *select]
    command += ["--exclude", *(exclude if exclude is not None else ["test_type:unit"])]
    env = os.environ | {
        "DBT_DUCKDB_PATH": str(database),
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_PROJECT_DIR": str(project_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    if database.exists():
        database.unlink()
    completed = subprocess.run(
        command, cwd=project_dir, env=env, capture_output=True, text=True,
        timeout=timeout_seconds, check=False,
    )
    log = completed.stdout + completed.stderr
    results = read_results(target_path)
    if not results or not (target_path / "manifest.json").exists():
        (workdir / "dbt_build.log").write_text(log, encoding="utf-8")
        raise BuildError(
            f"dbt build produced no results (exit {completed.returncode}):\n{log[-4000:]}"
        )
    skipped_models = sorted(
        result.unique_id.split(".")[-1]
        for result in results
        if result.status == "skipped" and result.unique_id.startswith("model.")
    )
    recovery_results: list[NodeResult] = []
    if rebuild_skipped and skipped_models:
        # same vars and target: dbt re-uses the parse, so this costs seconds
        recovered = subprocess.run(
            [str(DBT), "run", *common, "--select", *skipped_models],
            cwd=project_dir, env=env, capture_output=True, text=True,
            timeout=timeout_seconds, check=False,
        )
        log += "\n--- dbt run of the models skipped by dbt build ---\n"
        log += recovered.stdout + recovered.stderr
        recovery_results = read_results(target_path)
    (workdir / "dbt_build.log").write_text(log, encoding="utf-8")
    return Warehouse(
        database=database,
        target_path=target_path,
        relations=read_relations(target_path),
        results=results,
        returncode=completed.returncode,
        log=log,
        recovery_results=recovery_results,
    )
