"""Build the project on real connector layouts (README "Supported connector layouts").

`scripts/build_connector_layout.sh <salesforce|hubspot> stripe` runs `dbt build` (source
mode, unit tests excluded, data tests on) on the Fivetran integration-test seeds in
../shared/data: Salesforce or HubSpot CRM, Stripe billing, the four ad-reporting
layouts, plus the demo finance CSVs. Their values are scrambled, so the checks are
structural: the build ends with zero errors and every mart with an enforced contract
exists with exactly its contract's columns and data types.

The published files live in ../shared/data (env CONNECTOR_DATA_DIR overrides); the tests
skip when they are absent. Each layout takes about a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(
    os.environ.get("CONNECTOR_DATA_DIR", Path(__file__).resolve().parents[3] / "shared" / "data")
)

pytestmark = pytest.mark.skipif(
    not (DATA_DIR / "fivetran_salesforce").exists(), reason="connector seeds not present"
)


# Issue 11 (stage labels survive): the HubSpot build reads a copy of the published files
# with one pipeline stage deleted in HubSpot after a deal passed through it: a soft-deleted
# deal_pipeline_stage row and a closed-off deal_stage version of a published deal in it.
DELETED_STAGE_ID = "issue11-deleted-stage"
DELETED_STAGE_DEAL_ID = "1244495215"
DELETED_STAGE_VERSION_START = "2019-12-10 10:00:00"
DELETED_STAGE_ROWS = {
    "deal_pipeline_stage_data.csv": (
        "TRUE,2020-07-09 15:25:37.054,FALSE,FALSE,FALSE,3,0.4,"
        f"{DELETED_STAGE_ID},Demo Scheduled,wh+Wm18D0z1D4E+PE252gg==,"
        "2019-11-01 09:00:00.000,2020-07-09 15:25:37.054"
    ),
    "deal_stage_data.csv": (
        f"{DELETED_STAGE_VERSION_START},{DELETED_STAGE_DEAL_ID},FALSE,2019-12-20 10:00:00,"
        f"2019-12-20 10:00:00,{DELETED_STAGE_VERSION_START},issue11,issue11,{DELETED_STAGE_ID}"
    ),
}


def data_dir_with_deleted_stage(workdir: Path) -> Path:
    """DATA_DIR with fivetran_hubspot copied and DELETED_STAGE_ROWS appended (the rest linked)."""
    data_dir = workdir / "data"
    data_dir.mkdir()
    for entry in DATA_DIR.iterdir():
        if entry.name == "fivetran_hubspot":
            shutil.copytree(entry, data_dir / entry.name)
        else:
            (data_dir / entry.name).symlink_to(entry)
    for file_name, row in DELETED_STAGE_ROWS.items():
        path = data_dir / "fivetran_hubspot" / file_name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + row + "\n", encoding="utf-8")
    return data_dir


def build_layout(crm_layout: str, workdir: Path) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """Run scripts/build_connector_layout.sh for one CRM layout (+ Stripe).

    Returns the finished process, the target path (manifest.json, run_results.json) and the
    DuckDB file, all under `workdir`.
    """
    target_path = workdir / "target"
    data_dir = data_dir_with_deleted_stage(workdir) if crm_layout == "hubspot" else DATA_DIR
    env = {
        **os.environ,
        "CONNECTOR_DATA_DIR": str(data_dir),
        "CONNECTOR_OUT_DIR": str(workdir / "out"),
        "CONNECTOR_TARGET_PATH": str(target_path),
    }
    process = subprocess.run(
        ["bash", str(PROJECT_DIR / "scripts" / "build_connector_layout.sh"), crm_layout, "stripe"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    database = workdir / "out" / f"{crm_layout}_stripe" / "warehouse.duckdb"
    return process, target_path, database


@pytest.fixture(scope="session")
def layout_builds() -> dict:
    """The builds made so far in this pytest process, by CRM layout."""
    return {}


@pytest.fixture(params=["salesforce", "hubspot"])
def layout_build(request, layout_builds, tmp_path_factory):
    """One build per CRM layout, shared by the tests of that layout. Cached per process, not
    by a module-scoped fixture: pytest-xdist interleaves modules on a worker, and a
    module-scoped fixture is rebuilt each time its module comes back (measured: each layout
    built twice)."""
    layout = request.param
    if layout not in layout_builds:
        workdir = tmp_path_factory.mktemp(f"connector_{layout}")
        layout_builds[layout] = build_layout(layout, workdir)
    process, target_path, database = layout_builds[layout]
    return layout, process, target_path, database


def test_build_has_zero_errors(layout_build):
    layout, process, target_path, _ = layout_build
    assert process.returncode == 0, f"{layout}: dbt build failed\n{process.stdout[-6000:]}"
    results = json.loads((target_path / "run_results.json").read_text(encoding="utf-8"))["results"]
    failed = [r["unique_id"] for r in results if r["status"] in ("error", "fail", "runtime error")]
    assert failed == [], f"{layout}: failed nodes {failed}"
    # The build really read the connector layout: the adapter models ran.
    ran = {r["unique_id"].split(".")[-1] for r in results if r["status"] == "success"}
    expected = {"base_stripe__price", "base_facebook_ads__basic_campaign", "stg_crm__opportunities"}
    if layout == "hubspot":
        expected |= {"base_hubspot__opportunity", "base_hubspot__lead"}
    assert expected <= ran, f"{layout}: not built: {sorted(expected - ran)}"


def test_marts_exist_with_their_contracts(layout_build):
    layout, process, target_path, database = layout_build
    assert process.returncode == 0, f"{layout}: dbt build failed"
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    marts = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["fqn"][1] == "marts"
        and node["config"].get("contract", {}).get("enforced")
    ]
    assert len(marts) >= 10, f"{layout}: only {len(marts)} contracted marts in the manifest"
    con = duckdb.connect(str(database), read_only=True)
    try:
        for node in marts:
            rows = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [node["schema"], node["alias"]],
            ).fetchall()
            assert rows, f"{layout}: mart {node['name']} does not exist"
            actual = {name.lower(): data_type.lower().replace(" ", "") for name, data_type in rows}
            contract = {
                name.lower(): column["data_type"].lower().replace(" ", "")
                for name, column in node["columns"].items()
            }
            assert list(actual) == list(contract) or set(actual) == set(contract), (
                f"{layout}: {node['name']} columns {sorted(actual)} != contract {sorted(contract)}"
            )
            for name, data_type in contract.items():
                same_type = actual[name].split("(")[0] == data_type.split("(")[0]
                assert same_type or actual[name] == data_type, (
                    f"{layout}: {node['name']}.{name} is {actual[name]}, contract {data_type}"
                )
    finally:
        con.close()


def test_connector_only_columns_are_filled_with_typed_nulls(layout_build):
    """Salesforce lands no custom fields: segment_c and stripe_customer_id_c arrive as NULL,
    so every live account is in segment 'unknown' and has no billing customer."""
    layout, process, target_path, database = layout_build
    if layout != "salesforce":
        pytest.skip("Salesforce custom fields only")
    assert process.returncode == 0
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    accounts = next(
        n["relation_name"] for n in manifest["nodes"].values() if n["name"] == "stg_crm__accounts"
    )
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            f"select segment, count(*), count(billing_customer_id) from {accounts} group by 1"
        ).fetchall()
    finally:
        con.close()
    assert rows and all(segment == "unknown" and linked == 0 for segment, _, linked in rows), rows


def test_deleted_hubspot_stage_keeps_its_label(layout_build):
    """A deal's history version in a stage deleted later in HubSpot keeps the stage's label
    ('Demo Scheduled' -> canonical demo), so it is not dropped from month-end snapshots."""
    layout, process, target_path, database = layout_build
    if layout != "hubspot":
        pytest.skip("HubSpot stage definitions only")
    assert process.returncode == 0
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    history = next(
        n["relation_name"]
        for n in manifest["nodes"].values()
        if n["name"] == "base_crm__opportunity_stage_history_classified"
    )
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            f"select stage_name, stage_order from {history} "
            "where opportunity_id = ? and valid_from_at = cast(? as timestamp)",
            [DELETED_STAGE_DEAL_ID, DELETED_STAGE_VERSION_START],
        ).fetchall()
    finally:
        con.close()
    assert rows == [("demo", 3)]
