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

import os
from pathlib import Path

import pytest

from warehouse import PROJECT_DIR, Warehouse, build_warehouse, read_relations, read_results

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


@pytest.fixture(scope="session")
def demo_warehouse(demo_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The demo project built once per session; `.database` is the DuckDB file."""
    reused = os.environ.get("DEMO_WAREHOUSE_DUCKDB")
    if reused and demo_raw_dir == DEMO_RAW_DIR:
        # scripts/test.sh has just built the demo with every test: reuse that build.
        target_path = Path(os.environ.get("DEMO_WAREHOUSE_TARGET", PROJECT_DIR / "target"))
        return Warehouse(
            database=Path(reused),
            target_path=target_path,
            relations=read_relations(target_path),
            results=read_results(target_path),
        )
    workdir: Path = tmp_path_factory.mktemp("demo_warehouse")
    vars_ = {"raw_data_mode": "seeds"} if demo_raw_dir == DEMO_RAW_DIR else {}
    return build_warehouse(demo_raw_dir, vars_, workdir)
