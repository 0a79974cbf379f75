"""Load raw tables (CSV) as text, and the typed parsers the cleaning layer uses.

Layout (docs/architecture.md, "Raw layer"): `<raw_dir>/<source>/raw_<source>__<table>.csv`
(the demo seeds, `seeds/raw`) or `<raw_dir>/<source>/<table>.csv` (a landed directory).
Every column is read as text (`str`, empty field -> missing) and typed explicitly by the
callers with the parsers below, so nothing depends on pandas' type guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .settings import PROJECT_DIR

DEFAULT_RAW_DIR = PROJECT_DIR / "seeds" / "raw"
LOOKUP_DIR = PROJECT_DIR / "seeds" / "lookups"


@dataclass
class RawTables:
    """Lazy, cached access to the raw CSVs of one directory.

    `raw.table("crm", "lead")` -> DataFrame with every column as `str` (missing = NaN).
    `raw.cache` is free for memoising derived frames (clean.py uses it).
    """

    raw_dir: Path = DEFAULT_RAW_DIR
    lookup_dir: Path = LOOKUP_DIR
    cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.raw_dir = Path(self.raw_dir)
        self.lookup_dir = Path(self.lookup_dir)

    def path(self, source: str, table: str) -> Path:
        """The CSV path of a raw table (seed name first, then the landed name).

        Raises:
            FileNotFoundError: neither file exists.
        """
        for candidate in (
            self.raw_dir / source / f"raw_{source}__{table}.csv",
            self.raw_dir / source / f"{table}.csv",
        ):
            if candidate.exists():
                return candidate
        raise FileNotFoundError(f"raw table {source}.{table} not found under {self.raw_dir}")

    def has(self, source: str, table: str) -> bool:
        """True when the raw table's CSV exists."""
        try:
            self.path(source, table)
        except FileNotFoundError:
            return False
        return True

    def table(self, source: str, table: str) -> pd.DataFrame:
        """The raw table, every column text; a fresh copy each call."""
        key = ("raw", source, table)
        if key not in self.cache:
            self.cache[key] = read_text_csv(self.path(source, table))
        return self.cache[key].copy()

    def lookup(self, name: str) -> pd.DataFrame:
        """A lookup seed (`seeds/lookups/<name>.csv`) as text."""
        key = ("lookup", name)
        if key not in self.cache:
            self.cache[key] = read_text_csv(self.lookup_dir / f"{name}.csv")
        return self.cache[key].copy()

    def tables(self) -> list[tuple[str, str]]:
        """Every (source, table) present in the directory."""
        found = []
        for path in sorted(self.raw_dir.glob("*/*.csv")):
            source = path.parent.name
            stem = path.stem
            prefix = f"raw_{source}__"
            found.append((source, stem[len(prefix) :] if stem.startswith(prefix) else stem))
        return found


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every column as text; only an empty field is missing."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


# --- typed parsers -----------------------------------------------------------------

_TRUE = {"true", "t", "1", "yes", "y"}
_FALSE = {"false", "f", "0", "no", "n"}


def to_bool(values: pd.Series, default: bool | None = None) -> pd.Series:
    """Text -> nullable boolean ('true'/'false'/'1'/'0'/'t'/'f', case-insensitive).

    Missing stays missing unless `default` is given. Unknown text raises ValueError.
    """
    text = values.astype("string").str.strip().str.lower()
    unknown = text.notna() & ~text.isin(_TRUE | _FALSE)
    if unknown.any():
        raise ValueError(f"not a boolean: {sorted(text[unknown].unique())[:5]}")
    result = pd.Series(pd.NA, index=values.index, dtype="boolean")
    result[text.isin(_TRUE).fillna(False)] = True
    result[text.isin(_FALSE).fillna(False)] = False
    if default is not None:
        result = result.fillna(default)
    return result


def to_float(values: pd.Series) -> pd.Series:
    """Text -> float64 (missing -> NaN). Raises on non-numeric text."""
    return pd.to_numeric(values.astype("string").str.strip(), errors="raise").astype("float64")


def to_int(values: pd.Series) -> pd.Series:
    """Text -> nullable Int64 (accepts '3' and '3.0')."""
    return to_float(values).round().astype("Int64")


def to_utc(values: pd.Series) -> pd.Series:
    """ISO-8601 text (with or without an offset; no offset = UTC) -> tz-aware UTC timestamps."""
    text = values.astype("string").str.strip()
    return pd.to_datetime(text, utc=True, format="ISO8601")


def to_company_time(utc: pd.Series, time_zone: str) -> pd.Series:
    """UTC timestamps -> naive wall-clock timestamps in `time_zone` (G7)."""
    return utc.dt.tz_convert(time_zone).dt.tz_localize(None)


def to_company_date(values: pd.Series, time_zone: str) -> pd.Series:
    """Timestamp text -> naive midnight date in the company time zone (G7, TZ01)."""
    return to_company_time(to_utc(values), time_zone).dt.normalize()


def to_date(values: pd.Series) -> pd.Series:
    """Date text ('2024-01-31', or a timestamp's date part as written) -> naive date."""
    text = values.astype("string").str.strip().str.slice(0, 10)
    return pd.to_datetime(text, format="%Y-%m-%d")


def month_start(dates: pd.Series) -> pd.Series:
    """Naive dates/timestamps -> first day of their month (naive midnight)."""
    return dates.dt.to_period("M").dt.to_timestamp()


def month_end(dates: pd.Series) -> pd.Series:
    """Naive dates/timestamps -> last day of their month."""
    return dates.dt.to_period("M").dt.to_timestamp(how="end").dt.normalize()


# ISO 4217 minor-unit exponents that are not 2 (Stripe's zero- and three-decimal lists).
_ZERO_DECIMAL = ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF")
_ZERO_DECIMAL += ("UGX", "VND", "VUV", "XAF", "XOF", "XPF")
_EXPONENTS = {
    **dict.fromkeys(_ZERO_DECIMAL, 0),
    **{c: 3 for c in ["BHD", "JOD", "KWD", "OMR", "TND"]},
}


def currency_exponents(raw: RawTables | None = None) -> dict[str, int]:
    """Currency (upper case) -> minor-unit exponent.

    Taken from a lookup seed (`currencies` / `currency_minor_units`, columns currency and
    minor_unit(s)/exponent) when the project has one, else ISO 4217 (2 unless listed).
    """
    exponents = dict(_EXPONENTS)
    if raw is not None:
        for name in ("currencies", "currency_minor_units", "currency"):
            if (raw.lookup_dir / f"{name}.csv").exists():
                table = raw.lookup(name)
                code = next(c for c in table.columns if c.lower() in ("currency", "currency_code"))
                unit = next(
                    c
                    for c in table.columns
                    if c.lower() in ("minor_unit", "minor_units", "minor_unit_exponent", "exponent")
                )
                exponents.update(
                    dict(zip(table[code].str.upper(), to_int(table[unit]).astype(int), strict=True))
                )
                break
    return exponents


def minor_to_major(
    amounts: pd.Series, currencies: pd.Series, raw: RawTables | None = None
) -> pd.Series:
    """Amounts in the currency's smallest unit -> major units (CU03): / 10**exponent."""
    exponents = currency_exponents(raw)
    exponent = currencies.astype("string").str.upper().map(exponents).fillna(2)
    return to_float(amounts) / np.power(10.0, exponent.astype("float64"))
