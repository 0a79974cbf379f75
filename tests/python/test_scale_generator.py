"""The scale generator (issue 13): K disjoint copies of the demo as parquet landing files.

Quick (no dbt): two copies of the committed demo seeds, checked with DuckDB.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from revops_warehouse.generator import SCHEMAS
from revops_warehouse.generator.scale import (
    ID_COLUMNS,
    SCALED_TABLES,
    SHARED_TABLES,
    copy_prefix,
    write_scaled,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDS_RAW = ROOT / "seeds" / "raw"


@pytest.fixture(scope="session")
def scaled(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("scale2")
    return out, write_scaled(out, 2, demo_dir=SEEDS_RAW)


def _csv(source: str, table: str) -> str:
    return (f"read_csv('{SEEDS_RAW / source / f'raw_{source}__{table}.csv'}', header = true, "
            "delim = ',', quote = '\"', escape = '\"', all_varchar = true)")


def _pq(out: Path, source: str, table: str) -> str:
    return f"read_parquet('{out / source / f'{table}.parquet'}')"


def _one(sql: str):
    con = duckdb.connect()
    value = con.execute(sql).fetchall()[0][0]
    con.close()
    return value


def test_prefixes():
    assert copy_prefix(1) == ""
    assert copy_prefix(2) == "k002_"
    assert copy_prefix(100) == "k100_"


def test_row_counts(scaled):
    out, counts = scaled
    for (source, table) in SCHEMAS:
        demo = _one(f"select count(*) from {_csv(source, table)}")
        once = (source, table) in SHARED_TABLES or (source, table) in SCALED_TABLES
        assert counts[f"{source}.{table}"] == demo * (1 if once else 2), (source, table)


def test_copy_one_is_the_demo(scaled):
    out, _ = scaled
    for (source, table) in SCHEMAS:
        if (source, table) in SCALED_TABLES:
            continue
        first = ID_COLUMNS.get((source, table), (SCHEMAS[(source, table)][0],))[0]
        copy_one = (f"select * from {_pq(out, source, table)} "
                    f"where \"{first}\" is null or \"{first}\" not like 'k002_%'")
        diff = _one(f"select count(*) from ((select * from {_csv(source, table)}) "
                    f"except all ({copy_one}))")
        assert diff == 0, (source, table)


def test_copies_are_disjoint_and_keys_resolve_within_a_copy(scaled):
    out, _ = scaled
    for (source, table), columns in ID_COLUMNS.items():
        for column in columns:
            overlap = _one(
                f"select count(*) from (select \"{column}\" from {_pq(out, source, table)} "
                f"where \"{column}\" like 'k002_%') as two "
                f"inner join (select \"{column}\" from {_pq(out, source, table)} "
                f"where \"{column}\" not like 'k002_%') as one using (\"{column}\")")
            assert overlap == 0, (source, table, column)
    # a copy-2 opportunity's account, a copy-2 customer's CRM account, a copy-2 line's invoice
    orphans = _one(f"""
        select count(*) from {_pq(out, 'crm', 'opportunity')} as o
        where o.id like 'k002_%' and o.account_id not in (
            select id from {_pq(out, 'crm', 'account')} where id like 'k002_%')""")
    demo_orphans = _one(f"""
        select count(*) from {_csv('crm', 'opportunity')} as o
        where o.account_id not in (select id from {_csv('crm', 'account')})""")
    assert orphans == demo_orphans
    assert _one(f"""select count(*) from {_pq(out, 'billing', 'customer')}
                    where id like 'k002_%' and metadata like '%crm_account_id%'
                      and metadata not like '%"crm_account_id": "k002_%'""") == 0
    assert _one(f"""select count(*) from {_pq(out, 'billing', 'invoice_line_item')} as l
                    left join {_pq(out, 'billing', 'invoice')} as i on l.invoice_id = i.id
                    where l.id like 'k002_%' and i.id is null""") == 0


def test_emails_prefixed_keeping_duplicates_within_a_copy(scaled):
    out, _ = scaled
    demo = _one(f"select count(distinct lower(trim(email))) from {_csv('crm', 'lead')}")
    both = _one(f"select count(distinct lower(trim(email))) from {_pq(out, 'crm', 'lead')}")
    assert both == 2 * demo
    assert _one(f"""select count(*) from {_pq(out, 'crm', 'lead')}
                    where id like 'k002_%' and email is not null
                      and ltrim(email) not like 'k002_%'""") == 0


def test_plan_and_costs_scaled_not_copied(scaled):
    out, _ = scaled
    demo = _one(f"select sum(cast(planned_mrr as decimal(38, 6))) "
                f"from {_csv('finance', 'revenue_plan')}")
    assert _one(f"select sum(cast(planned_mrr as decimal(38, 6))) "
                f"from {_pq(out, 'finance', 'revenue_plan')}") == 2 * demo


def test_vars_file(scaled):
    out, _ = scaled
    text = (out / "scale_vars.yml").read_text()
    assert "raw_data_mode: source" in text
    assert f"billing_external_location: '{out.resolve()}/billing/{{name}}.parquet'" in text
