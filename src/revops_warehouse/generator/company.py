"""Generate the demo company's raw seeds (CRM, marketing, billing, finance).

A fictional B2B SaaS company ("Northbeam", revenue-ops software) from 2023-01-01 to the
extraction moment 2025-12-31T23:59:59Z (var ``as_of_date`` = 2025-12-31). Nothing in the
output happens after that moment, except Fivetran's open-ended ``_fivetran_end`` sentinel
``9999-12-31T23:59:59.999Z`` on current history rows.

The systems are coherent: a lead's marketing events make it an MQL, a sales task follows,
the lead gets a sales-qualified date, converts to an account and a new-business
opportunity, a won opportunity becomes a Stripe customer whose subscription MRR is the
opportunity amount / 12, renewal and expansion opportunities change the subscription, and
finance inputs (FX, costs, quotas, plan) are derived from the same simulation.

Every row that staging must drop is identifiable by a rule: ``is_deleted`` /
``_fivetran_deleted`` true, test records (lead e-mail ending ``@test.com`` or company
``TEST``; Stripe ``livemode`` false), duplicate leads (same ``lower(trim(email))``, the later
one is the duplicate) and ``Duplicate`` opportunity losses.

Output: ``<out-dir>/<source>/raw_<source>__<table>.csv``. The run is deterministic: the
same ``--seed`` gives byte-identical files (stdlib ``random.Random`` only, no set iteration,
fixed float formatting).

Usage: ``python scripts/generate_raw_data.py [--seed 20240101] [--out-dir seeds/raw]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

from ..paths import PROJECT_DIR
from .billing import BillingMixin
from .common import DEFAULT_SEED, at_utc, fmt_ts, month_starts
from .crm import CrmMixin
from .finance import FinanceMixin
from .marketing import MarketingMixin
from .schema import SCHEMAS, seeds_yaml


class DemoCompany(FinanceMixin, CrmMixin, MarketingMixin, BillingMixin):
    """Simulates the demo company and collects raw rows per table.

    ``rows[(source, table)]`` is a list of dicts keyed by the columns in ``SCHEMAS``.
    """

    def __init__(self, seed: int = DEFAULT_SEED):
        """Create an empty world with independent random streams derived from ``seed``."""
        self.seed = seed
        self.rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self._streams: dict[str, random.Random] = {}
        self._used_ids: set[str] = set()
        self._counters: dict[str, int] = defaultdict(int)
        self.users: list[dict] = []
        self.fx: dict[tuple[dt.date, str], float] = {}
        # (from, to, monthly_native, currency, segment, customer_id)
        self.mrr_intervals: list[tuple] = []
        self.won_new: list[dict] = []  # won new-business deals for quotas/forecasts
        self.won_expansion: list[dict] = []
        self.accounts: dict[str, dict] = {}
        self.ad_campaigns: list[dict] = []
        self.program_campaigns: dict[str, list[dict]] = defaultdict(list)
        self.prices: dict[tuple, dict] = {}
        self.coupons: dict[str, dict] = {}

    # ---------------------------------------------------------------- ids and randomness
    def rng(self, name: str) -> random.Random:
        """A named random stream (stable across changes to other streams)."""
        if name not in self._streams:
            self._streams[name] = random.Random(f"{self.seed}:{name}")
        return self._streams[name]

    def sf_id(self, prefix: str) -> str:
        """Salesforce-like 15-character id with a 3-character key prefix (leading zeros)."""
        self._counters[prefix] += 1
        return f"{prefix}8a{self._counters[prefix]:010d}"

    def stripe_id(self, prefix: str, length: int = 14) -> str:
        """Stripe-like id ``<prefix>_<base62>``, unique within the run."""
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        r = self.rng("ids")
        while True:
            candidate = prefix + "_" + "".join(r.choice(alphabet) for _ in range(length))
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def add(self, source: str, table: str, **row) -> dict:
        """Append a raw row (missing columns become blank)."""
        self.rows[(source, table)].append(row)
        return row

    # ---------------------------------------------------------------- orchestration
    def build(self) -> DemoCompany:
        """Run every step in a fixed order; returns self."""
        self.build_fx()
        self.build_users()
        self.build_catalogue()
        self.build_campaigns()
        converted = self.build_leads()
        self.build_new_business(converted)
        self.build_self_serve()
        self.build_finance()
        self.rows[("crm", "user")] = list(self.users)
        # soft-deleted junk accounts
        r = self.rng("junk_accounts")
        for i in range(8):
            owner = self.users[1 + i % 3]
            self.add("crm", "account", id=self.sf_id("001"), name=f"Duplicate Account {i}",
                     industry="", billing_country_code="US", number_of_employees="",
                     type="Prospect", owner_id=owner["id"], account_source="",
                     created_date=fmt_ts(at_utc(month_starts()[r.randrange(36)], 15), "us"),
                     is_deleted="true", segment_c="", stripe_customer_id_c="")
        return self

    def write(self, out_dir: Path) -> dict[str, int]:
        """Write every table to ``out_dir/<source>/raw_<source>__<table>.csv``.

        Returns row counts per ``<source>.<table>``.
        """
        counts = {}
        for (source, table), columns in SCHEMAS.items():
            path = out_dir / source / f"raw_{source}__{table}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = self.rows.get((source, table), [])
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([row.get(c, "") if row.get(c) is not None else ""
                                     for c in columns])
            counts[f"{source}.{table}"] = len(rows)
        (out_dir / "_raw__seeds.yml").write_text(seeds_yaml(), encoding="utf-8")
        return counts


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Build the demo company with ``seed`` and write its raw CSVs under ``out_dir``.

    Returns row counts per ``<source>.<table>``. Deterministic: same seed, same bytes.
    """
    return DemoCompany(seed).build().write(Path(out_dir))


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out-dir", type=Path,
                        default=PROJECT_DIR / "seeds" / "raw")
    parser.add_argument("--scale", type=int, default=None, metavar="K",
                        help="write K disjoint copies of the demo as parquet landing files "
                             "under --out (benchmarks; generator/scale.py) instead of the seeds")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "data" / "scale",
                        help="--scale: landing folder (<out>/<source>/<table>.parquet and "
                             "<out>/scale_vars.yml, the source-mode vars)")
    args = parser.parse_args(argv)
    if args.scale is not None:
        from .scale import write_scaled

        counts = write_scaled(args.out, args.scale, seed=args.seed)
        for name, n in counts.items():
            print(f"{name:60s} {n:9d}")
        print(f"total rows {sum(counts.values())}; vars: {args.out.resolve()}/scale_vars.yml")
        return 0
    counts = generate(args.out_dir, args.seed)
    for name, n in counts.items():
        print(f"{name:60s} {n:7d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
