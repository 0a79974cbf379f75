"""Shared machinery for mapping public datasets into the raw layout.

- `raw_layout()` parses the raw-table contract (docs/architecture.md, "Raw layer") so every
  written CSV has exactly the contract's headers, in order.
- `read_published_csv()` reads a published file as text with its faults made visible
  (byte-order mark, CRLF line endings, spellings of missing).
- `MappingRun` collects the written tables, the cleaning log (one row per rule) and the
  rejected rows (one row per source row that cannot be used, with a reason), then writes
  them under `<out_dir>/`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from ..paths import PROJECT_DIR

ARCHITECTURE_MD = PROJECT_DIR / "docs" / "architecture.md"
# ../shared/data beside the repository (as laid out for developers and CI); env overrides.
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", PROJECT_DIR.parent / "shared" / "data"))
SOURCES = ("crm", "marketing", "billing", "finance")

# Spellings of "missing" seen in real exports; compared after strip(), case-insensitively.
MISSING_SPELLINGS = frozenset({"", "na", "n/a", "nan", "null", "none", "nil", "-", "#n/a"})


# Raw tables of the simple layouts (README "Your own data in ten minutes"; contract in
# macros/raw_table_columns.sql): written only by a dataset that uses the layout.
SIMPLE_LAYOUT_TABLES: dict[tuple[str, str], list[str]] = {
    ("billing", "subscription_period"): [
        "customer_id",
        "subscription_id",
        "plan",
        "start_date",
        "end_date",
        "mrr",
        "amount",
        "billing_interval",
        "billing_interval_count",
        "quantity",
        "discount_amount",
        "currency",
        "crm_account_id",
    ],
}


def raw_layout(architecture_md: Path = ARCHITECTURE_MD) -> dict[str, dict[str, list[str]]]:
    """Parse the raw-layer tables of docs/architecture.md.

    Returns:
        {source: {table: [column, ...]}} for the four sources, columns in contract order.
        Parenthesised notes (`department (team)`, `(Fivetran history mode)`, enum lists)
        are dropped.

    Raises:
        ValueError: a source section is missing or has no table.
    """
    text = architecture_md.read_text(encoding="utf-8")
    raw_part = text.split("## Raw layer", 1)[1].split("\n## ", 1)[0]
    layout: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in raw_part.splitlines():
        heading = re.match(r"^### (\w+)", line)
        if heading:
            current = heading.group(1)
            layout[current] = {}
            continue
        row = re.match(r"^\|\s*`(\w+)`\s*\|(.*)\|\s*$", line)
        if row and current:
            columns_text = row.group(2)
            while re.search(r"\([^()]*\)", columns_text):
                columns_text = re.sub(r"\([^()]*\)", "", columns_text)
            columns = [c.strip().strip("`").strip() for c in columns_text.split(",")]
            layout[current][row.group(1)] = [c for c in columns if c]
    for source in SOURCES:
        if not layout.get(source):
            raise ValueError(f"no raw tables for source {source!r} in {architecture_md}")
    return layout


@dataclass
class PublishedFile:
    """A published CSV read as text: `frame` (every column str, missing = ''), plus facts."""

    path: Path
    frame: pd.DataFrame
    had_bom: bool
    crlf_lines: int
    missing_spellings: dict[str, int]  # spelling -> cells normalised to ''


def read_published_csv(path: Path) -> PublishedFile:
    """Read a published CSV as text, normalising encoding faults visibly.

    Strips a UTF-8 byte-order mark, accepts CRLF or LF, strips surrounding blanks of
    header names, and turns every spelling in `MISSING_SPELLINGS` into ''. Nothing else
    is changed; the counts of what was normalised are returned for the cleaning log.

    Raises:
        ValueError: a data line has a different number of fields than the header.
    """
    data = Path(path).read_bytes()
    had_bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    crlf_lines = text.count("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]]
    body = [r for r in rows[1:] if r != []]
    for number, record in enumerate(body, start=2):
        if len(record) != len(header):
            raise ValueError(
                f"{path}: line {number} has {len(record)} fields, header {len(header)}"
            )
    frame = pd.DataFrame(body, columns=header, dtype=str)
    spellings: dict[str, int] = {}
    for column in frame.columns:
        stripped = frame[column].str.strip()
        is_missing = stripped.str.lower().isin(MISSING_SPELLINGS)
        for spelling, count in stripped[is_missing & (stripped != "")].value_counts().items():
            spellings[spelling] = spellings.get(spelling, 0) + int(count)
        frame[column] = stripped.where(~is_missing, "")
    return PublishedFile(Path(path), frame, had_bom, crlf_lines, spellings)


def parse_dates(values: pd.Series, fmt: str) -> pd.Series:
    """Parse text dates with one explicit format; '' -> NaT.

    Raises:
        ValueError: a non-empty value does not match `fmt` (no silent guessing).
    """
    present = values != ""
    parsed = pd.to_datetime(values.where(present, None), format=fmt, errors="coerce")
    bad = present & parsed.isna()
    if bad.any():
        raise ValueError(
            f"{int(bad.sum())} values do not match {fmt!r}, e.g. {values[bad].iloc[0]!r}"
        )
    return parsed


def slug(text: str) -> str:
    """A stable lower-case id fragment: 'Mei-Mei Johns' -> 'mei_mei_johns'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def iso_midnight(day: date | pd.Timestamp | None, time_zone: str = "UTC") -> str:
    """ISO-8601 text of local midnight on `day` in `time_zone`, with its UTC offset; '' for NULL."""
    if day is None or pd.isna(day):
        return ""
    local = datetime.combine(pd.Timestamp(day).date(), time(0), tzinfo=ZoneInfo(time_zone))
    return local.isoformat()


def iso_date(day: date | pd.Timestamp | None) -> str:
    """'YYYY-MM-DD' or '' for NULL."""
    if day is None or pd.isna(day):
        return ""
    return pd.Timestamp(day).strftime("%Y-%m-%d")


def months_between(first: str, last: str) -> list[pd.Timestamp]:
    """Month starts from the month of `first` to the month of `last`, inclusive."""
    return list(pd.date_range(pd.Timestamp(first).replace(day=1), pd.Timestamp(last), freq="MS"))


def contract_frame(
    source: str, table: str, columns: list[str], rows: list[dict] | pd.DataFrame
) -> pd.DataFrame:
    """`rows` as text in exactly `columns` (a raw table's contract): a missing column is '',
    so is a missing value.

    Raises:
        ValueError: a column outside the contract, named with source.table.
    """
    data = pd.DataFrame(rows)
    extra = set(data.columns) - set(columns)
    if extra:
        raise ValueError(f"{source}.{table}: columns not in the contract: {sorted(extra)}")
    for column in columns:
        if column not in data.columns:
            data[column] = ""
    return data[columns].fillna("").astype(str)


@dataclass
class MappingResult:
    """What one mapping run wrote: row counts per raw table, log and reject counts."""

    dataset: str
    out_dir: Path
    table_rows: dict[str, int]
    cleaning_rules: int
    rejected_rows: int


@dataclass
class MappingRun:
    """Collects raw tables, cleaning-log rows and rejected rows for one dataset."""

    dataset: str
    layout: dict[str, dict[str, list[str]]] = field(default_factory=raw_layout)
    tables: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    log_rows: list[dict] = field(default_factory=list)
    reject_rows: list[dict] = field(default_factory=list)
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)

    def log(
        self,
        rule_id: str,
        rule: str,
        source_file: str,
        column: str,
        rows_touched: int,
        example: str = "",
    ) -> None:
        """Record one cleaning rule and how many source rows it touched (0 is logged too)."""
        self.log_rows.append(
            {
                "dataset": self.dataset,
                "rule_id": rule_id,
                "rule": rule,
                "source_file": source_file,
                "column": column,
                "rows_touched": int(rows_touched),
                "example": example,
            }
        )

    def log_file_facts(self, published: PublishedFile) -> None:
        """Log the encoding facts of a published file (BOM, CRLF, missing spellings)."""
        name = published.path.name
        self.log(
            "BOM",
            "strip a UTF-8 byte-order mark before the header",
            name,
            "(file)",
            int(published.had_bom),
        )
        self.log(
            "CRLF",
            "accept CRLF line endings (written back as LF)",
            name,
            "(file)",
            published.crlf_lines,
        )
        total = sum(published.missing_spellings.values())
        example = ", ".join(f"{k!r}x{v}" for k, v in sorted(published.missing_spellings.items()))
        self.log(
            "MISSING",
            "spellings of missing (NA, null, None, -, ...) -> empty",
            name,
            "(all)",
            total,
            example,
        )

    def reject(self, source_file: str, rows: pd.DataFrame, key_column: str, reason: str) -> None:
        """Send source rows that cannot be used to rejected_rows.csv, with a reason."""
        for index, record in rows.iterrows():
            self.reject_rows.append(
                {
                    "dataset": self.dataset,
                    "source_file": source_file,
                    "source_line": int(index) + 2,  # header is line 1
                    "key": record[key_column],
                    "reason": reason,
                    "record_json": json.dumps(record.to_dict(), ensure_ascii=False),
                }
            )

    def put(self, source: str, table: str, frame: pd.DataFrame) -> None:
        """Set a raw table; its columns must be exactly the contract's, in order.

        Raises:
            ValueError: unknown table or columns that differ from docs/architecture.md.
        """
        expected = self.layout[source].get(table)
        if expected is None:
            raise ValueError(f"{source}.{table} is not a raw table of the contract")
        if list(frame.columns) != expected:
            raise ValueError(f"{source}.{table}: columns {list(frame.columns)} != {expected}")
        self.tables[(source, table)] = frame

    def put_simple(self, source: str, table: str, rows: list[dict] | pd.DataFrame) -> None:
        """Set a simple-layout raw table (SIMPLE_LAYOUT_TABLES); missing columns become ''.

        Raises:
            ValueError: unknown table or columns outside its contract.
        """
        columns = SIMPLE_LAYOUT_TABLES.get((source, table))
        if columns is None:
            raise ValueError(f"{source}.{table} is not a simple-layout table")
        self.tables[(source, table)] = contract_frame(source, table, columns, rows)

    def put_flat_fx_rates(self, first_month: str, last_month: str) -> None:
        """finance.fx_rate for a dataset exported in the reporting currency (USD): rate 1 in
        every month from `first_month` to `last_month`."""
        months = months_between(first_month, last_month)
        self.put("finance", "fx_rate", self.frame("finance", "fx_rate", fx_rows(months)))

    def frame(self, source: str, table: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
        """Build a contract-shaped frame: missing columns become '', extra keys are an error."""
        return contract_frame(source, table, self.layout[source][table], rows)


    def write(self, out_dir: Path) -> MappingResult:
        """Write `raw/<source>/<table>.csv` for EVERY contract table (header-only when not
        fed), `cleaning_log.csv`, `rejected_rows.csv` and `extras/*.csv` under `out_dir`."""
        out_dir = Path(out_dir)
        counts = {}
        for source, tables in self.layout.items():
            (out_dir / "raw" / source).mkdir(parents=True, exist_ok=True)
            for table, columns in tables.items():
                data = self.tables.get((source, table), pd.DataFrame(columns=columns))
                data.to_csv(
                    out_dir / "raw" / source / f"{table}.csv", index=False, lineterminator="\n"
                )
                counts[f"{source}.{table}"] = len(data)
        for source, table in SIMPLE_LAYOUT_TABLES:
            if (source, table) in self.tables:
                data = self.tables[(source, table)]
                data.to_csv(
                    out_dir / "raw" / source / f"{table}.csv", index=False, lineterminator="\n"
                )
                counts[f"{source}.{table}"] = len(data)
        pd.DataFrame(
            self.log_rows,
            columns=[
                "dataset",
                "rule_id",
                "rule",
                "source_file",
                "column",
                "rows_touched",
                "example",
            ],
        ).to_csv(out_dir / "cleaning_log.csv", index=False, lineterminator="\n")
        pd.DataFrame(
            self.reject_rows,
            columns=["dataset", "source_file", "source_line", "key", "reason", "record_json"],
        ).to_csv(out_dir / "rejected_rows.csv", index=False, lineterminator="\n")
        if self.extras:
            (out_dir / "extras").mkdir(exist_ok=True)
            for name, data in self.extras.items():
                data.to_csv(out_dir / "extras" / f"{name}.csv", index=False, lineterminator="\n")
        return MappingResult(
            self.dataset, out_dir, counts, len(self.log_rows), len(self.reject_rows)
        )


def fx_rows(months: list[pd.Timestamp], currency: str = "USD", rate: str = "1") -> list[dict]:
    """finance.fx_rate rows: one per month for `currency` at a constant `rate`."""
    return [{"month": iso_date(m), "currency": currency, "rate_to_reporting": rate} for m in months]
