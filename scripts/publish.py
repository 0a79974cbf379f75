"""Publish the marts of a finished build to the DuckDB file BI tools read, atomically.

    python scripts/publish.py --build target/build.duckdb --manifest target/manifest.json \
        --published revenue_ops_warehouse.duckdb [--storage-version v1.4.0]

`scripts/build.sh` calls it only after the whole `dbt build` (tests included) has passed.
It copies the tables of the models under `models/marts/` (facts and dims: no raw, staging or
intermediate relation, so no PII that staging still holds) from the build's own work file
into a new DuckDB file beside the published one, then renames it over the published file.
One grain per published table: a mart that holds the company total beside its slices is
published as `<mart>` (total) and `<mart>_by_<dimension>` tables, with names beside rep,
channel and campaign ids and period x slice gaps filled (revops_warehouse.published_grain).
A reader of the published file never sees a half-written file and never blocks the build
(the build writes another file); a failed build never reaches this step, so the published
file stays byte-identical. `--storage-version v1.4.0` writes a file that DuckDB 1.4/1.5
clients (bundled by many BI tools) can open. The file is made readable by its owner and
group only (mode 0640).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

from revops_warehouse.published_grain import SLICED_MARTS, split_selects

PUBLISHED_FILE_MODE = 0o640


def published_relations(manifest_path: Path) -> list[tuple[str, str]]:
    """(schema, table) of every mart model the build materialised as a table."""
    manifest = json.loads(manifest_path.read_text())
    relations = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        if not node["original_file_path"].startswith("models/marts/"):
            continue
        if node["config"]["materialized"] not in ("table", "incremental"):
            continue
        relations.append((node["schema"], node["alias"]))
    if not relations:
        raise SystemExit(f"publish: no mart tables in {manifest_path}; was the project built?")
    return sorted(relations)


def one_grain_selects(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, dims: dict[str, str]
) -> list[tuple[str, str]]:
    """(published name, select) for one mart: a plain copy, or, for a mart that mixes the
    total with slices, its total table and one table per slice dimension
    (revops_warehouse.published_grain)."""
    source = f'build_file."{schema}"."{table}"'
    columns = [
        row[0] for row in con.execute(f"select * from {source} limit 0").description
    ]
    spec = SLICED_MARTS.get(table)
    if spec is None:
        if "dimension" in columns:
            raise SystemExit(
                f"publish: {table} mixes slices (a dimension column) but is not declared in "
                "revops_warehouse.published_grain.SLICED_MARTS: declare how it is split"
            )
        return [(table, f"select * from {source}")]
    if spec.slice_column == "dimension":
        dimensions = [
            value
            for (value,) in con.execute(
                f"select distinct dimension from {source} where dimension <> ? order by 1",
                [spec.total_value],
            ).fetchall()
        ]
    else:
        dimensions = [spec.slice_column]
    try:
        return split_selects(table, spec, source, columns, dimensions, dims)
    except ValueError as error:
        raise SystemExit(f"publish: {error}") from error


def publish(
    build_path: Path,
    manifest_path: Path,
    published_path: Path,
    storage_version: str | None = None,
) -> list[tuple[str, str, int]]:
    """Copy the mart tables into a new file and rename it over `published_path`."""
    relations = published_relations(manifest_path)
    published_path = published_path.resolve()
    published_path.parent.mkdir(parents=True, exist_ok=True)
    staging_path = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    staging_path.unlink(missing_ok=True)
    copied = []
    con = duckdb.connect()
    try:
        con.execute("attach ? as build_file (read_only)", [str(build_path)])
        options = f", storage_version '{storage_version}'" if storage_version else ""
        con.execute(f"attach ? as published_file (type duckdb{options})", [str(staging_path)])
        dims = {
            table: f'build_file."{schema}"."{table}"'
            for schema, table in relations
            if table.startswith("dim_")
        }
        for schema, table in relations:
            con.execute(f'create schema if not exists published_file."{schema}"')
            for name, select in one_grain_selects(con, schema, table, dims):
                con.execute(f'create table published_file."{schema}"."{name}" as {select}')
                rows = con.execute(
                    f'select count(*) from published_file."{schema}"."{name}"'
                ).fetchall()[0][0]
                copied.append((schema, name, rows))
        con.execute("detach published_file")
        con.execute("detach build_file")
    except Exception:
        con.close()
        staging_path.unlink(missing_ok=True)
        raise
    con.close()
    os.chmod(staging_path, PUBLISHED_FILE_MODE)
    os.replace(staging_path, published_path)
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, type=Path, help="the build's DuckDB file")
    parser.add_argument("--manifest", required=True, type=Path, help="the build's manifest.json")
    parser.add_argument("--published", required=True, type=Path, help="the file BI tools read")
    parser.add_argument(
        "--storage-version",
        default=os.environ.get("PUBLISHED_STORAGE_VERSION") or None,
        help="DuckDB storage version of the published file, e.g. v1.4.0 for DuckDB 1.x clients",
    )
    args = parser.parse_args(argv)
    copied = publish(args.build, args.manifest, args.published, args.storage_version)
    total = sum(rows for _, _, rows in copied)
    print(f"published {len(copied)} tables ({total} rows) to {args.published.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
