"""Shared pytest fixtures: one `dbt build` of the demo project per session.

`demo_warehouse` builds the whole project (demo seeds, vars from dbt_project.yml, unit
tests excluded) in a subprocess into a temporary DuckDB file and returns a
`warehouse.Warehouse`: `.database` (the DuckDB path) and `.relation(model)` /
`.query(model, sql)` (relations from that build's manifest.json). Built lazily: only
tests that ask for it pay for it. When $DEMO_WAREHOUSE_DUCKDB (and optionally
$DEMO_WAREHOUSE_TARGET, default target/) names a demo build made by scripts/test.sh, that
build is reused instead.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from warehouse import DBT, PROJECT_DIR, Warehouse, build_warehouse, read_relations, read_results

DEMO_RAW_DIR = PROJECT_DIR / "seeds" / "raw"


@pytest.fixture(scope="session")
def demo_raw_dir() -> Path:
    """The raw layer of the demo build: seeds/raw, or $DEMO_RAW_DIR (a landed
    `<source>/<table>.csv` directory, built in source mode) when set."""
    override = os.environ.get("DEMO_RAW_DIR")
    if override:
        return Path(override)
    if not any(DEMO_RAW_DIR.glob("*/raw_*.csv")):
        pytest.skip("no demo seeds under seeds/raw")
    return DEMO_RAW_DIR


def handed_over_demo_target() -> Path | None:
    """The target path of the demo build scripts/test.sh has just made of this checkout
    ($DEMO_WAREHOUSE_DUCKDB set; $DEMO_WAREHOUSE_TARGET, default target/), else None."""
    if not os.environ.get("DEMO_WAREHOUSE_DUCKDB"):
        return None
    return Path(os.environ.get("DEMO_WAREHOUSE_TARGET", PROJECT_DIR / "target"))


@pytest.fixture(scope="session")
def demo_warehouse(demo_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The demo project built once per session; `.database` is the DuckDB file."""
    target_path = handed_over_demo_target()
    if target_path and demo_raw_dir == DEMO_RAW_DIR:
        # scripts/test.sh has just built the demo with every test: reuse that build.
        return Warehouse(
            database=Path(os.environ["DEMO_WAREHOUSE_DUCKDB"]),
            target_path=target_path,
            relations=read_relations(target_path),
            results=read_results(target_path),
        )
    workdir: Path = tmp_path_factory.mktemp("demo_warehouse")
    vars_ = {"raw_data_mode": "seeds"} if demo_raw_dir == DEMO_RAW_DIR else {}
    return build_warehouse(demo_raw_dir, vars_, workdir)


@pytest.fixture(scope="session")
def project_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """manifest.json of this checkout: the one of the demo build scripts/test.sh hands over
    ($DEMO_WAREHOUSE_DUCKDB with $DEMO_WAREHOUSE_TARGET), else a fresh `dbt parse` into a
    temporary target path (never a possibly stale target/manifest.json)."""
    handed_over = handed_over_demo_target()
    if handed_over:
        return json.loads((handed_over / "manifest.json").read_text(encoding="utf-8"))
    workdir = tmp_path_factory.mktemp("project_parse")
    completed = subprocess.run(
        [str(DBT), "parse", "--target-path", str(workdir / "target"),
         "--log-path", str(workdir / "logs")],
        cwd=PROJECT_DIR,
        env=os.environ | {"DBT_DUCKDB_PATH": str(workdir / "parse.duckdb")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    manifest = workdir / "target" / "manifest.json"
    assert completed.returncode == 0 and manifest.exists(), completed.stdout[-3000:]
    return json.loads(manifest.read_text(encoding="utf-8"))


# Fixtures that run dbt in a subprocess (a whole build, or a parse + compile). A test that
# uses one is marked `slow`, so `pytest -m "not slow"` runs the pure-Python tests only.
DBT_FIXTURES = {
    "case_warehouse": "fault-case builds (test_fault_cases.py)",
    "warehouses": "public-dataset builds (test_public_datasets.py)",
    "layout_build": "connector-layout builds (test_connector_layouts.py)",
    "landed_lead_file": "dbt compile of the lead source (test_raw_csv_loading.py)",
    "demo_warehouse": "the demo build, unless scripts/test.sh hands its build over",
    "project_manifest": "a dbt parse, unless scripts/test.sh hands its build over",
}
PUBLIC_DATASET_PREFIXES = {"maven": "maven", "olist": "olist", "playbook": "mrr_playbook"}


def _build_group(item: pytest.Item) -> str | None:
    """The dbt build a test needs, as an xdist group: tests of one build run on one worker
    (`pytest -n 2 --dist loadgroup`), so a build is never made twice."""
    names = set(item.fixturenames)
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "case_warehouse" in names:
        if "key" in params:
            return f"case:{params['key']}"
        keys = re.findall(r'case_warehouse\("([^"]+)"\)', inspect.getsource(item.function))
        return f"case:{keys[0]}" if keys else None
    if "warehouses" in names:
        if "dataset" in params:
            return f"public:{params['dataset']}"
        prefix = item.name.removeprefix("test_").split("_")[0]
        return f"public:{PUBLIC_DATASET_PREFIXES.get(prefix, prefix)}"
    if "layout_build" in names:
        return f"connector:{params.get('layout_build')}"
    if "landed_lead_file" in names:
        return "csv01"
    if "demo_warehouse" in names and not handed_over_demo_target():
        return "demo"
    return None


# Longest first (pytest-xdist hands out work in collection order): the builds, longest kind
# first (the incremental test makes three builds; connector, bad-input, example and public
# dataset builds take about 50-90 s each on two cores, a fault case 30-50 s), then the other
# dbt-running tests, then the pure-Python tests, which fill the gaps at the end. Order only:
# no test depends on another.
BUILD_GROUPS_LONGEST_FIRST = (
    "incremental", "connector:", "bad_inputs:", "example_your_data", "public:",
    "semantic_layer", "case:", "csv01", "demo",
)


def _schedule_rank(item: pytest.Item) -> tuple[int, int]:
    marker = item.get_closest_marker("xdist_group")
    group = (marker.args[0] if marker.args else marker.kwargs.get("name", "")) if marker else ""
    for rank, prefix in enumerate(BUILD_GROUPS_LONGEST_FIRST):
        if group.startswith(prefix):
            return (0, rank)
    return (1, 0) if item.get_closest_marker("slow") else (2, 0)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups into the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark dbt-running tests `slow`, group them by build for pytest-xdist and run the
    longest builds first."""
    for item in items:
        if set(item.fixturenames) & set(DBT_FIXTURES):
            item.add_marker(pytest.mark.slow)
        group = _build_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=_schedule_rank)  # stable: the collection order within a rank


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under `--dist loadgroup`, a grouped test whose node id lacks its group would run on
    any worker and rebuild its warehouse there: stop instead of running slowly."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [item.nodeid for item in session.items
            if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist did not apply the xdist_group of {len(lost)} tests (first: {lost[0]}):"
            f" pytest {pytest.__version__} with this pytest-xdist ignores the group; see the"
            " pytest pin in requirements.txt")
