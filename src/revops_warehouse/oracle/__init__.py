"""Independent re-computation ("oracle") of the warehouse's metric marts, in pandas.

Each domain module (`oracle.revops`, `oracle.salesops`) exposes

    MODELS: dict[str, ModelSpec]          # mart name -> grain columns + documented exclusions
    compute(raw: RawTables, settings: Settings) -> dict[str, pandas.DataFrame]

and computes every mart straight from the raw tables (through `oracle.clean`, a pandas
re-implementation of the staging rules), never from the project's SQL or its intermediate
tables. `scripts/compare_metrics.py` joins each oracle frame to the built mart on the grain
and compares every column. See src/revops_warehouse/oracle/README.md.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from .raw import DEFAULT_RAW_DIR, RawTables
from .settings import PROJECT_DIR, Settings, load_settings

DOMAINS = ("revops", "salesops")


@dataclass(frozen=True)
class ModelSpec:
    """What the comparer needs to know about one mart.

    grain: the columns that identify a row (the join key between oracle and mart).
    exclude: mart columns the oracle does not recompute -> the reason (documented; shown
        in the comparer's summary). Any other mart column missing from the oracle frame
        is an error.
    schema: the mart's folder (`revops`, `salesops`, `core`), used to find the relation.
    """

    grain: tuple[str, ...]
    exclude: dict[str, str] = field(default_factory=dict)
    schema: str = "revops"


def load_domains(names: tuple[str, ...] = DOMAINS) -> dict[str, ModuleType]:
    """Import the domain modules that exist (a missing `salesops.py` is skipped)."""
    modules = {}
    for name in names:
        try:
            modules[name] = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
    return modules


__all__ = [
    "DEFAULT_RAW_DIR",
    "DOMAINS",
    "PROJECT_DIR",
    "ModelSpec",
    "RawTables",
    "Settings",
    "load_domains",
    "load_settings",
]
