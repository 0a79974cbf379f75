"""Tests of the generator (revops_warehouse.generator, behind scripts/generate_raw_data.py):
determinism, the raw-layer contract, coherence."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from revops_warehouse import generator as gen

ROOT = Path(__file__).resolve().parents[2]
SEEDS_RAW = ROOT / "seeds" / "raw"
EXTRACT_AT = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory) -> Path:
    """One generator run with the default seed (shared by the module's tests)."""
    path = tmp_path_factory.mktemp("raw_a")
    assert gen.main(["--out-dir", str(path)]) == 0
    return path


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _read(root: Path, source: str, table: str) -> list[dict]:
    with (root / source / f"raw_{source}__{table}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _architecture_tables() -> dict[tuple[str, str], list[str]]:
    """Parse docs/architecture.md 'Raw layer' tables into {(source, table): columns}."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    raw = text.split("## Raw layer", 1)[1].split("\n## ", 1)[0]
    tables: dict[tuple[str, str], list[str]] = {}
    source = None
    for line in raw.splitlines():
        header = re.match(r"### (\w+)", line)
        if header:
            source = header.group(1)
            continue
        row = re.match(r"\|\s*`(\w+)`\s*\|(.*)\|\s*$", line)
        if row and source:
            cell = re.sub(r"\([^)]*\)", "", row.group(2))
            tables[(source, row.group(1))] = [c.strip() for c in cell.split(",") if c.strip()]
    return tables


def test_rerun_is_byte_identical(out_dir, tmp_path):
    """Two runs with the same seed write the same bytes."""
    gen.generate(tmp_path, gen.DEFAULT_SEED)
    assert _files(out_dir) == _files(tmp_path)


def test_committed_seeds_are_current(out_dir):
    """seeds/raw holds exactly what the generator writes (regenerate after any change)."""
    committed = _files(SEEDS_RAW)
    generated = _files(out_dir)
    assert sorted(committed) == sorted(generated)
    changed = [name for name in generated if committed[name] != generated[name]]
    assert changed == [], f"stale seeds, rerun the generator: {changed}"


def test_headers_match_architecture(out_dir):
    """Every raw table of docs/architecture.md exists with exactly the listed header."""
    expected = _architecture_tables()
    assert len(expected) == 36
    assert set(expected) == set(gen.SCHEMAS)
    for (source, table), columns in expected.items():
        path = out_dir / source / f"raw_{source}__{table}.csv"
        with path.open(newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == columns, f"{source}.{table}"


def test_seed_yaml_declares_every_column(out_dir):
    """_raw__seeds.yml names every seed and types every column."""
    text = (out_dir / "_raw__seeds.yml").read_text(encoding="utf-8")
    for (source, table), columns in gen.SCHEMAS.items():
        block = text.split(f"- name: raw_{source}__{table}\n", 1)[1].split("- name:", 1)[0]
        for column in columns:
            assert re.search(rf"^\s+{re.escape(column)}: \S+", block, re.M), (table, column)


@pytest.mark.parametrize(("source", "table", "low", "high"), [
    ("crm", "user", 35, 50),
    ("crm", "lead", 8000, 10000),
    ("crm", "opportunity", 1500, 3500),
    ("crm", "account", 1000, 2500),
    ("billing", "customer", 600, 1300),
    ("billing", "subscription", 600, 1500),
    ("billing", "invoice", 2500, 20000),
    ("marketing", "lead_event", 20000, 59000),
    ("marketing", "google_ads_campaign_stats", 1000, 5000),
    ("finance", "price_test_assignment", 400, 400),
])
def test_row_counts_in_range(out_dir, source, table, low, high):
    """Volumes stay realistic and every CSV stays well under 60k rows."""
    n = len(_read(out_dir, source, table))
    assert low <= n <= high


def test_all_csvs_small(out_dir):
    """No seed over 60k rows (dbt seed stays quick)."""
    for path in out_dir.rglob("*.csv"):
        assert sum(1 for _ in path.open(encoding="utf-8")) < 60_000, path.name


# Scheduled ends may lie in the future (a period or trial running at extraction).
SCHEDULED_END_COLUMNS = {"current_period_end", "period_end", "trial_end", "end", "_fivetran_end"}


def test_nothing_after_extraction(out_dir):
    """No event timestamp after 2025-12-31T23:59:59Z (scheduled period ends excepted)."""
    for (source, table), columns in gen.SCHEMAS.items():
        ts_cols = [c for c in columns if gen.column_type(source, table, c) == "varchar"
                   and c in gen.TIMESTAMP_COLUMNS and c not in SCHEDULED_END_COLUMNS]
        for row in _read(out_dir, source, table):
            for column in ts_cols:
                value = row[column]
                if not value or value == gen.FIVETRAN_END_SENTINEL:
                    continue
                parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
                assert parsed <= EXTRACT_AT, (table, column, value)


def test_timestamps_carry_offsets(out_dir):
    """Lead created timestamps use several offsets, including Z."""
    offsets = {re.search(r"(Z|[+-]\d\d:\d\d)$", r["created_date"]).group(1)
               for r in _read(out_dir, "crm", "lead")}
    assert {"Z", "-05:00", "+01:00"} <= offsets


def test_dirt_is_present_and_identifiable(out_dir):
    """Duplicates, deletes, test rows and renamed stages each appear a handful of times."""
    leads = _read(out_dir, "crm", "lead")
    keys = [r["email"].strip().lower() for r in leads if r["is_deleted"] == "false"]
    assert len(keys) - len(set(keys)) >= 20
    assert sum(r["email"].endswith("@test.com") or r["company"] == "TEST" for r in leads) >= 5
    for table in ("lead", "account", "opportunity", "campaign", "campaign_member", "task"):
        assert sum(r["is_deleted"] == "true" for r in _read(out_dir, "crm", table)) >= 1, table
    assert any(r["_fivetran_deleted"] == "true" for r in _read(out_dir, "crm", "user"))
    opps = _read(out_dir, "crm", "opportunity")
    assert sum(r["loss_reason_c"] == "Duplicate" for r in opps) >= 5
    stages = {r["stage_name"] for r in _read(out_dir, "crm", "opportunity_history")}
    assert {"Negotiation", "Negotiation/Review", "Demo", "Demo Scheduled"} <= stages
    assert sum(r["livemode"] == "false" for r in _read(out_dir, "billing", "customer")) >= 3
    assert sum(r["segment_c"] == "" for r in _read(out_dir, "crm", "account")) >= 5
    assert sum(r["lead_source"] == "" for r in leads) >= 5


def test_vocabularies(out_dir):
    """Raw spellings stay within the documented vocabularies."""
    opps = _read(out_dir, "crm", "opportunity")
    assert {r["type"] for r in opps} <= {"New Business", "new business", "Expansion", "Upsell",
                                         "Renewal"}
    assert {r["loss_reason_c"] for r in opps} <= {"Price", "Competitor", "No Decision", "Timing",
                                                  "Product Fit", "Duplicate", ""}
    sources = {r["lead_source"] for r in _read(out_dir, "crm", "lead")}
    assert sources <= {s[0] for s in gen.LEAD_SOURCES}
    assert {r["segment_c"] for r in _read(out_dir, "crm", "account")} <= {
        "SMB", "Mid-Market", "MidMarket", "Enterprise", "ENT", ""}
    assert {r["currency"] for r in _read(out_dir, "billing", "price")} == {
        "usd", "eur", "gbp", "jpy"}


def test_billing_links_to_crm(out_dir):
    """Stripe metadata points at CRM accounts whose stripe_customer_id_c points back."""
    accounts = {r["id"]: r for r in _read(out_dir, "crm", "account")}
    linked = 0
    for customer in _read(out_dir, "billing", "customer"):
        account_id = json.loads(customer["metadata"]).get("crm_account_id")
        if account_id:
            assert accounts[account_id]["stripe_customer_id_c"] == customer["id"]
            linked += 1
    assert linked >= 300


def test_subscription_mrr_matches_won_opportunity(out_dir):
    """A won new-business deal's first regular invoice equals its amount / 12 per month."""
    accounts = {r["id"]: r for r in _read(out_dir, "crm", "account")}
    subs = {}
    for s in _read(out_dir, "billing", "subscription"):
        subs.setdefault(s["customer_id"], s)
    first_lines = {}
    invoices = {i["id"]: i for i in _read(out_dir, "billing", "invoice")}
    for line in _read(out_dir, "billing", "invoice_line_item"):
        inv = invoices[line["invoice_id"]]
        if inv["billing_reason"] == "subscription_create" and line["type"] == "subscription":
            first_lines.setdefault(line["subscription_id"], []).append(line)
    prices = {p["id"]: p for p in _read(out_dir, "billing", "price")}
    checked = 0
    for opp in _read(out_dir, "crm", "opportunity"):
        if opp["type"].lower() != "new business" or opp["is_won"] != "true" or \
                "Win-back" in opp["name"]:
            continue
        customer_id = accounts[opp["account_id"]]["stripe_customer_id_c"]
        sub = subs.get(customer_id)
        if not sub or sub["id"] not in first_lines:
            continue
        line = first_lines[sub["id"]][0]
        price = prices[line["price_id"]]
        months = int(price["recurring_interval_count"]) * (
            12 if price["recurring_interval"] == "year" else 1)
        minor = int(line["amount"])
        major = minor if price["currency"] == "jpy" else minor / 100
        list_arr = major * 12 / months
        assert float(opp["amount"]) <= list_arr + 0.01
        assert float(opp["amount"]) >= list_arr * 0.79  # forever coupons up to 20 % off
        checked += 1
    assert checked >= 200


def test_opportunity_history_is_a_valid_version_chain(out_dir):
    """Per opportunity: starts increase, each end is the next start minus 1 ms, one active."""
    versions: dict[str, list[dict]] = {}
    for row in _read(out_dir, "crm", "opportunity_history"):
        versions.setdefault(row["id"], []).append(row)
    opp_ids = {r["id"] for r in _read(out_dir, "crm", "opportunity")}
    assert set(versions) == opp_ids
    reopened = 0
    for rows in versions.values():
        starts = [dt.datetime.fromisoformat(r["_fivetran_start"].replace("Z", "+00:00"))
                  for r in rows]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)
        for row, nxt in zip(rows, starts[1:], strict=False):
            end = dt.datetime.fromisoformat(row["_fivetran_end"].replace("Z", "+00:00"))
            assert end == nxt - dt.timedelta(milliseconds=1)
        assert [r["_fivetran_active"] for r in rows] == ["false"] * (len(rows) - 1) + ["true"]
        stages = [r["stage_name"] for r in rows]
        if "Closed Lost" in stages[:-1]:
            reopened += 1
    assert reopened >= 20


def test_jpy_prices_have_no_minor_unit(out_dir):
    """JPY prices are whole yen (Growth monthly = 15000 yen), USD prices are cents."""
    prices = {(p["nickname"]): p for p in _read(out_dir, "billing", "price")}
    assert prices["Growth Monthly JPY"]["unit_amount"] == "15000"
    assert prices["Growth Monthly USD"]["unit_amount"] == "9900"
