"""The demo company's raw-data generator, split by source system.

    company.py    DemoCompany: the orchestrator (state, ids, fixed build order, CSV writer),
                  generate() and the CLI main() behind scripts/generate_raw_data.py
    crm.py        users, accounts, opportunities and the deal flow (CrmMixin)
    marketing.py  campaigns, leads and their funnel (MarketingMixin)
    billing.py    catalogue, customers, subscriptions, invoices, self-serve (BillingMixin)
    finance.py    FX rates, costs, quotas, plan (FinanceMixin)
    schema.py     the raw layer's tables, columns, types and seed descriptions
    common.py     calendar, vocabularies and formatting shared by every system
"""

from .common import DEFAULT_SEED, EXTRACT_AT, FIVETRAN_END_SENTINEL, LEAD_SOURCES
from .company import DemoCompany, generate, main
from .schema import (
    BIGINT_COLUMNS,
    BOOLEAN_COLUMNS,
    DATE_COLUMNS,
    MONEY_COLUMNS,
    SCHEMAS,
    TIMESTAMP_COLUMNS,
    column_type,
    seeds_yaml,
)

__all__ = [
    "BIGINT_COLUMNS",
    "BOOLEAN_COLUMNS",
    "DATE_COLUMNS",
    "DEFAULT_SEED",
    "EXTRACT_AT",
    "FIVETRAN_END_SENTINEL",
    "LEAD_SOURCES",
    "MONEY_COLUMNS",
    "SCHEMAS",
    "TIMESTAMP_COLUMNS",
    "DemoCompany",
    "column_type",
    "generate",
    "main",
    "seeds_yaml",
]
