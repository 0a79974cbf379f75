"""Validate the raw layer and the metric marts with Great Expectations 1.x.

    python scripts/validate_with_gx.py [--raw-dir seeds/raw] [--duckdb PATH] [--json target/gx.json]

Raw suites (the landing boundary): each table has the columns of docs/architecture.md, ids
unique and not null, values in range, enums in their sets; and the known dirt the staging
layer is built to clean is still there to be cleaned (duplicate e-mails after
normalisation, soft-deleted rows, test-mode billing rows, offset timestamps), so a
generator change that silently removes the dirt is noticed.

Mart suites (with --duckdb): ratios within 0-1 where the spec bounds them, money
non-negative where it must be, no NaN/inf in any DOUBLE column, unique grain, one total row
per report month, and the MRR bridge identity per month and slice:
`end = start + fx_impact + new + reactivation + expansion - contraction - churn` (G5, M02).

GX's SQL route to DuckDB is broken (toolchain.md), so every suite validates a pandas
DataFrame read from the CSV or from DuckDB (read-only), in an ephemeral context.
Exit code 1 when any expectation fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402
import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
import pandas as pd  # noqa: E402

from revops_warehouse.oracle import PROJECT_DIR, RawTables, load_settings  # noqa: E402
from revops_warehouse.oracle.raw import to_bool  # noqa: E402

logging.getLogger("great_expectations").setLevel(logging.ERROR)

# --- raw layer: the column contract of docs/architecture.md -----------------------------

# source.table: columns (continuation lines are indented)
_RAW_COLUMNS_TEXT = """
crm.user: id name email title department division manager_id user_role_id is_active
    created_date start_date_c _fivetran_deleted
crm.account: id name industry billing_country_code number_of_employees type owner_id
    account_source created_date is_deleted segment_c stripe_customer_id_c
crm.lead: id email first_name last_name company title industry number_of_employees country
    status lead_source owner_id created_date is_converted converted_date
    converted_account_id converted_opportunity_id is_deleted sales_qualified_date_c
    utm_campaign_c
crm.opportunity: id name account_id owner_id type stage_name amount currency_iso_code
    probability created_date close_date is_closed is_won lead_source campaign_id
    forecast_category_name is_deleted loss_reason_c renewal_due_date_c prior_arr_c
crm.opportunity_history: id _fivetran_start _fivetran_end _fivetran_active stage_name amount
    probability close_date is_deleted
crm.campaign: id name type status start_date end_date budgeted_cost actual_cost is_active
    is_deleted ad_platform_c ad_campaign_id_c
crm.campaign_member: id campaign_id lead_id status has_responded first_responded_date
    created_date is_deleted
crm.task: id who_id owner_id subject type activity_date created_date is_deleted
marketing.google_ads_campaign_stats: id customer_id date cost_micros clicks impressions
marketing.google_ads_campaign_history: id name customer_id updated_at status currency_code
marketing.facebook_ads_basic_campaign: campaign_id date account_id spend impressions
    inline_link_clicks account_currency
marketing.facebook_ads_campaign_history: id account_id name updated_time
marketing.linkedin_ads_analytics_by_campaign: campaign_id day cost_in_local_currency
    cost_in_usd clicks impressions currency
marketing.linkedin_ads_campaign_history: id name account_id last_modified_time
marketing.microsoft_ads_campaign_performance_daily_report: date account_id campaign_id
    currency_code spend clicks impressions
marketing.microsoft_ads_campaign_history: id name account_id modified_time
marketing.lead_event: id lead_id email event_type occurred_at score_delta score_after
    asset_name
billing.customer: id email name created currency is_deleted livemode metadata
billing.product: id name active is_deleted type
billing.price: id product_id nickname currency unit_amount type recurring_interval
    recurring_interval_count recurring_usage_type active created is_deleted
billing.subscription: id customer_id status created start_date trial_start trial_end
    cancel_at_period_end canceled_at ended_at current_period_start current_period_end
    livemode
billing.subscription_item: id subscription_id price_id quantity created
billing.coupon: id name percent_off amount_off currency duration duration_in_months created
billing.discount: id type type_id coupon_id customer_id subscription_id start end
billing.invoice: id customer_id subscription_id number status billing_reason currency
    created period_start period_end subtotal tax total amount_paid amount_due livemode
billing.invoice_line_item: id invoice_id subscription_id subscription_item_id price_id type
    proration description period_start period_end quantity unit_amount amount
    discount_amount currency
billing.charge: id customer_id invoice_id amount amount_refunded currency status paid
    refunded created livemode
billing.refund: id charge_id amount currency status reason created
finance.fx_rate: month currency rate_to_reporting
finance.gross_margin: month gross_margin_pct
finance.sales_marketing_cost: month department cost_type channel amount currency
finance.revenue_plan: month segment planned_mrr
finance.cpi: month cpi_index
finance.quota: month user_id quota_new_arr
finance.sales_forecast: quarter_start user_id forecast_new_arr submitted_at
finance.price_test_assignment: assignment_id experiment_id variant list_price currency
    customer_id assigned_at
"""


def _parse_columns(text: str) -> dict[tuple[str, str], list[str]]:
    """`source.table: col col ...` lines (indented lines continue) -> {(source, table): cols}."""
    columns: dict[tuple[str, str], list[str]] = {}
    key = None
    for line in text.strip().splitlines():
        if line.startswith(" ") and key:
            columns[key] += line.split()
            continue
        name, _, rest = line.partition(":")
        source, table = name.split(".")
        key = (source, table)
        columns[key] = rest.split()
    return columns


RAW_COLUMNS: dict[tuple[str, str], list[str]] = _parse_columns(_RAW_COLUMNS_TEXT)

# Tables whose `id` is not a row key (history mode: one row per version).
NON_KEY_ID = {("crm", "opportunity_history")}
ROW_KEYS: dict[tuple[str, str], list[str]] = {
    ("crm", "opportunity_history"): ["id", "_fivetran_start"],
    ("marketing", "google_ads_campaign_stats"): ["id", "date"],
    ("marketing", "facebook_ads_basic_campaign"): ["campaign_id", "date"],
    ("marketing", "linkedin_ads_analytics_by_campaign"): ["campaign_id", "day"],
    ("marketing", "microsoft_ads_campaign_performance_daily_report"): ["campaign_id", "date"],
    ("finance", "fx_rate"): ["month", "currency"],
    ("finance", "gross_margin"): ["month"],
    ("finance", "revenue_plan"): ["month", "segment"],
    ("finance", "cpi"): ["month"],
    ("finance", "quota"): ["month", "user_id"],
    ("finance", "price_test_assignment"): ["assignment_id"],
    ("marketing", "google_ads_campaign_history"): ["id", "updated_at"],
    ("marketing", "facebook_ads_campaign_history"): ["id", "updated_time"],
    ("marketing", "linkedin_ads_campaign_history"): ["id", "last_modified_time"],
    ("marketing", "microsoft_ads_campaign_history"): ["id", "modified_time"],
}

ENUMS: dict[tuple[str, str], dict[str, list]] = {
    ("marketing", "lead_event"): {
        "event_type": [
            "form_fill",
            "lead_magnet_download",
            "pricing_page_visit",
            "email_open",
            "score_change",
            "mql",
            "demo_request",
        ]
    },
    ("billing", "price"): {
        "type": ["recurring", "one_time"],
        "recurring_interval": ["day", "week", "month", "year"],
    },
    ("billing", "coupon"): {"duration": ["forever", "once", "repeating"]},
    ("billing", "invoice_line_item"): {"type": ["subscription", "invoiceitem"]},
    ("finance", "sales_marketing_cost"): {
        "department": ["sales", "marketing"],
        "cost_type": ["payroll", "commissions", "tools", "programs"],
    },
}

# (column, min, max): numeric ranges on the raw text, cast to float.
RANGES: dict[tuple[str, str], list[tuple[str, float | None, float | None]]] = {
    ("finance", "gross_margin"): [("gross_margin_pct", 0, 1)],
    ("finance", "fx_rate"): [("rate_to_reporting", 0.000001, None)],
    ("finance", "cpi"): [("cpi_index", 0.000001, None)],
    ("finance", "quota"): [("quota_new_arr", 0, None)],
    ("finance", "revenue_plan"): [("planned_mrr", 0, None)],
    ("billing", "price"): [("unit_amount", 0, None)],
    ("billing", "coupon"): [("percent_off", 0, 100), ("amount_off", 0, None)],
    ("billing", "charge"): [("amount", 0, None), ("amount_refunded", 0, None)],
    ("billing", "refund"): [("amount", 0, None)],
    ("billing", "subscription_item"): [("quantity", 0, None)],
    ("crm", "opportunity"): [("amount", 0, None), ("probability", 0, 100)],
    ("marketing", "google_ads_campaign_stats"): [("cost_micros", 0, None), ("clicks", 0, None)],
    ("marketing", "facebook_ads_basic_campaign"): [("spend", 0, None)],
    ("marketing", "linkedin_ads_analytics_by_campaign"): [("cost_in_local_currency", 0, None)],
    ("marketing", "microsoft_ads_campaign_performance_daily_report"): [("spend", 0, None)],
}


@dataclass
class SuiteResult:
    """The outcome of one suite: name, success, and the failed expectations (readable)."""

    name: str
    success: bool
    evaluated: int
    failures: list[str]


class Validator:
    """An ephemeral GX context with one pandas data source; validates DataFrames."""

    def __init__(self) -> None:
        self.context = gx.get_context(mode="ephemeral")
        # progress bars are cosmetic; config shapes differ between GX versions
        with contextlib.suppress(Exception):
            self.context.variables.progress_bars = {"globally": False}
        self.source = self.context.data_sources.add_pandas(name="frames")
        self.results: list[SuiteResult] = []

    def validate(self, name: str, frame: pd.DataFrame, expectations: list) -> SuiteResult:
        """Run `expectations` on `frame` as suite `name`; record and return the result."""
        asset = self.source.add_dataframe_asset(name=name)
        batch_definition = asset.add_batch_definition_whole_dataframe(f"{name}_all")
        suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{name}_check", data=batch_definition, suite=suite)
        )
        outcome = definition.run(batch_parameters={"dataframe": frame})
        failures = []
        for item in outcome.results:
            if item.success:
                continue
            config = item.expectation_config
            kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
            detail = item.result or {}
            sample = detail.get("partial_unexpected_list") or detail.get("observed_value")
            count = detail.get("unexpected_count")
            failures.append(
                f"{config.type}({kwargs})"
                + (f" unexpected={count}" if count is not None else "")
                + (f" e.g. {str(sample)[:160]}" if sample is not None else "")
                + (f" error: {item.exception_info}" if not detail and item.exception_info else "")
            )
        result = SuiteResult(name, bool(outcome.success), len(outcome.results), failures)
        self.results.append(result)
        return result


def _numeric(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Copy of `frame` with `columns` parsed as floats (unparseable text -> NaN + flag column)."""
    out = frame.copy()
    for column in columns:
        parsed = pd.to_numeric(out[column], errors="coerce")
        out[f"{column}__unparseable"] = parsed.isna() & out[column].notna()
        out[column] = parsed
    return out


def raw_expectations(source: str, table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """The shape/key/range/enum expectations of one raw table (and the frame to check)."""
    key = (source, table)
    expectations: list = [gxe.ExpectTableRowCountToBeBetween(min_value=1)]
    ranged = [r for r in RANGES.get(key, []) if r[0] in frame.columns]
    if key in RAW_COLUMNS:
        derived = [f"{c}__unparseable" for c, _, _ in ranged]
        expectations.append(
            gxe.ExpectTableColumnsToMatchSet(
                column_set=RAW_COLUMNS[key] + derived, exact_match=True
            )
        )
    row_key = ROW_KEYS.get(key, ["id"] if "id" in frame.columns and key not in NON_KEY_ID else [])
    for column in row_key:
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    if len(row_key) == 1:
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=row_key[0]))
    elif row_key:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=row_key))
    for column, values in ENUMS.get(key, {}).items():
        if column in frame.columns:
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=values))
    frame = _numeric(frame, [c for c, _, _ in ranged])
    for column, low, high in ranged:
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)
        )
        expectations.append(
            gxe.ExpectColumnValuesToBeInSet(column=f"{column}__unparseable", value_set=[False])
        )
    return frame, expectations


def known_dirt(raw: RawTables) -> pd.DataFrame:
    """One row of counts of the dirt that staging exists to clean (each must be > 0)."""
    counts: dict[str, int] = {}
    if raw.has("crm", "lead"):
        leads = raw.table("crm", "lead")
        live = leads[~to_bool(leads["is_deleted"], default=False).astype(bool)]
        email = live["email"].str.strip().str.lower()
        counts["lead_duplicate_emails_after_normalisation"] = int(email.dropna().duplicated().sum())
        counts["lead_emails_needing_normalisation"] = int(
            (live["email"].dropna() != live["email"].dropna().str.strip().str.lower()).sum()
        )
        counts["lead_soft_deleted"] = int(to_bool(leads["is_deleted"], default=False).sum())
    if raw.has("crm", "opportunity"):
        opps = raw.table("crm", "opportunity")
        counts["opportunity_soft_deleted"] = int(to_bool(opps["is_deleted"], default=False).sum())
        created = opps["created_date"].dropna()
        counts["opportunity_timestamps_with_offset"] = int(
            created.str.contains(r"[+-]\d\d:\d\d$", regex=True).sum()
        )
    if raw.has("billing", "customer"):
        customers = raw.table("billing", "customer")
        counts["billing_test_mode_customers"] = int(
            (~to_bool(customers["livemode"], default=True).astype(bool)).sum()
        )
    if raw.has("billing", "invoice_line_item"):
        lines = raw.table("billing", "invoice_line_item")
        counts["proration_lines"] = int(to_bool(lines["proration"], default=False).sum())
        counts["zero_decimal_currency_lines"] = int(
            lines["currency"].str.upper().isin(["JPY", "KRW"]).sum()
        )
    return pd.DataFrame([counts])


def validate_raw(validator: Validator, raw: RawTables) -> None:
    """Every raw table present, plus the known-dirt suite."""
    present = set(raw.tables())
    for key in RAW_COLUMNS:
        if key not in present:
            validator.results.append(
                SuiteResult(f"raw_{key[0]}__{key[1]}", False, 1, ["table file missing"])
            )
    for source, table in sorted(present):
        frame, expectations = raw_expectations(source, table, raw.table(source, table))
        validator.validate(f"raw_{source}__{table}", frame, expectations)
    dirt = known_dirt(raw)
    validator.validate(
        "raw_known_dirt",
        dirt,
        [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=1) for c in dirt.columns],
    )


# --- marts ---------------------------------------------------------------------------

# Ratios the spec bounds to [0, 1] (D20). Unbounded ones (net churn, NRR, growth, ROI, quick
# ratio, win/loss ratio, ltv_to_cac, ...) are left out on purpose.
BOUNDED_RATIO_SUFFIXES = ("_rate", "_share", "_pct", "grr", "logo_retention", "win_rate")
UNBOUNDED_RATIOS = {
    "net_mrr_churn_rate",
    "net_mrr_churn_rate_incl_reactivation",
    "nrr",
    "net_dollar_renewal_rate",
    "revenue_growth_mom",
    "revenue_growth_yoy",
    "real_revenue_growth_yoy",
    "plan_variance_pct",
    "upsell_at_renewal_rate",
    "inflation_rate",
    "expansion_rate",
    "lift",
}
NON_NEGATIVE_MONEY_HINTS = ("mrr", "arr", "arpa", "amount", "cost", "spend", "cac", "ltv")
SIGNED_MONEY = {"fx_impact", "net_new_mrr", "plan_variance", "mrr_change", "net_mrr_change"}

# Monthly marts whose rows exist only in months with events (not every report month).
SPARSE_MONTH_MARTS = {"fct_renewals_monthly": "one row per renewal due month that has renewals"}
MONTHLY_GRAIN = ("month_start", "dimension", "dimension_value")


def mart_grains() -> dict[str, tuple[str, ...]]:
    """Mart name -> grain columns, from the oracle's ModelSpecs (one source of truth)."""
    from revops_warehouse.oracle import load_domains

    grains: dict[str, tuple[str, ...]] = {}
    for module in load_domains().values():
        grains.update({name: spec.grain for name, spec in module.MODELS.items()})
    return grains


MRR_BRIDGE = {
    "model": "fct_mrr_movements_monthly",
    "start": "start_mrr",
    "end": "end_mrr",
    "plus": ["fx_impact", "new_mrr", "reactivation_mrr", "expansion_mrr"],
    "minus": ["contraction_mrr", "churned_mrr"],
}


def documented_bounded_ratios() -> dict[str, set[str]]:
    """Mart -> columns whose YAML description says "ratio 0-1" (the project's unit convention)."""
    import yaml

    bounded: dict[str, set[str]] = {}
    # one YAML file per model, beside its SQL (models/marts/<folder>/<model>.yml)
    for path in sorted((PROJECT_DIR / "models" / "marts").glob("*/*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            for column in model.get("columns") or []:
                text = str(column.get("description", ""))
                if "ratio 0-1" in text or "ratio 0\u20131" in text:
                    bounded.setdefault(model["name"], set()).add(column["name"])
    return bounded


def _is_bounded_ratio(column: str, documented: set[str] | None = None) -> bool:
    """Documented as "ratio 0-1" in the mart's YAML, or named like a bounded rate."""
    if documented and column in documented:
        return True
    return column not in UNBOUNDED_RATIOS and (
        column.endswith(BOUNDED_RATIO_SUFFIXES) or column in ("grr", "logo_retention")
    )


def read_marts(path: Path) -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """Every table of the revops/salesops schemas: (frame with NaN/inf flags, column types)."""
    marts = {}
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like '%revops' or table_schema like '%salesops'"
        ).fetchall()
        for schema, name in tables:
            types = dict(
                con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ?",
                    [schema, name],
                ).fetchall()
            )
            flags = [
                f'coalesce(isnan("{c}") or isinf("{c}"), false) as "{c}__nonfinite"'
                for c, t in types.items()
                if t.upper() in ("DOUBLE", "FLOAT", "REAL")
            ]
            select = ", ".join(["*"] + flags)
            frame = con.execute(f'select {select} from "{schema}"."{name}"').df()
            marts[name] = (frame, types)
    return marts


def mart_expectations(
    name: str,
    frame: pd.DataFrame,
    types: dict[str, str],
    months: int,
    grains: dict[str, tuple[str, ...]] | None = None,
    bounded: dict[str, set[str]] | None = None,
) -> tuple[pd.DataFrame, list]:
    """Generic mart expectations plus the MRR bridge identity.

    `bounded` (mart -> columns documented as "ratio 0-1") defaults to the marts' YAML.
    """
    if bounded is None:
        bounded = documented_bounded_ratios()
    expectations: list = [gxe.ExpectTableRowCountToBeBetween(min_value=1)]
    frame = frame.copy()
    for column, kind in types.items():
        upper = kind.upper()
        if upper in ("DOUBLE", "FLOAT", "REAL"):
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(column=f"{column}__nonfinite", value_set=[False])
            )
            if _is_bounded_ratio(column, bounded.get(name)):
                expectations.append(
                    gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=1)
                )
        elif (
            upper.startswith("DECIMAL")
            and column not in SIGNED_MONEY
            and any(h in column for h in NON_NEGATIVE_MONEY_HINTS)
            and "variance" not in column
            and "impact" not in column
            and "change" not in column
        ):
            frame[column] = frame[column].astype("float64")
            expectations.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    grain = list(grains.get(name, ())) if grains else []
    if not grain and set(MONTHLY_GRAIN) <= set(frame.columns):
        grain = list(MONTHLY_GRAIN)
    if len(grain) == 1:
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=grain[0]))
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=grain[0]))
    elif grain:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=grain))
    if tuple(grain) == MONTHLY_GRAIN:
        total = frame["dimension"].eq("total")
        frame["_total_rows_in_month"] = frame.groupby("month_start")["dimension"].transform(
            lambda d: int(d.eq("total").sum())
        )
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="_total_rows_in_month", min_value=1, max_value=1
            )
        )
        if name not in SPARSE_MONTH_MARTS:
            frame["_months_with_total"] = int(frame.loc[total, "month_start"].nunique())
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column="_months_with_total", min_value=months, max_value=months
                )
            )
    if name == MRR_BRIDGE["model"] and MRR_BRIDGE["end"] in frame:
        values = {
            c: frame[c].astype("float64")
            for c in [
                MRR_BRIDGE["start"],
                MRR_BRIDGE["end"],
                *MRR_BRIDGE["plus"],
                *MRR_BRIDGE["minus"],
            ]
            if c in frame
        }
        bridge = (
            values[MRR_BRIDGE["start"]]
            + sum(values[c] for c in MRR_BRIDGE["plus"] if c in values)
            - sum(values[c] for c in MRR_BRIDGE["minus"] if c in values)
        )
        frame["_bridge_residual"] = (values[MRR_BRIDGE["end"]] - bridge).round(6)
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="_bridge_residual", min_value=-0.01, max_value=0.01
            )
        )
    return frame, expectations


def validate_marts(validator: Validator, path: Path, months: int) -> None:
    """Every mart of the metric schemas."""
    grains = mart_grains()
    bounded = documented_bounded_ratios()
    for name, (frame, types) in sorted(read_marts(path).items()):
        checked, expectations = mart_expectations(name, frame, types, months, grains, bounded)
        validator.validate(f"mart_{name}", checked, expectations)


def print_results(results: list[SuiteResult], out=sys.stdout) -> None:
    """A readable report: one line per suite, then each failed expectation."""
    for result in results:
        status = "PASS" if result.success else "FAIL"
        print(f"{status}  {result.name:<60} {result.evaluated:>3} expectations", file=out)
        for failure in result.failures:
            print(f"      - {failure}", file=out)
    failed = sum(not r.success for r in results)
    print(f"\n{len(results)} suites, {failed} failed", file=out)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit code (1 when any suite fails)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", default=None, help="raw tables dir (default seeds/raw)")
    parser.add_argument("--duckdb", default=None, help="built DuckDB file: also validate the marts")
    parser.add_argument("--vars", default=None, help="dbt vars overrides, JSON")
    parser.add_argument("--skip-raw", action="store_true", help="validate only the marts")
    parser.add_argument("--json", default=None, help="write the results as JSON here")
    args = parser.parse_args(argv)
    validator = Validator()
    if not args.skip_raw:
        validate_raw(validator, RawTables(args.raw_dir) if args.raw_dir else RawTables())
    if args.duckdb:
        settings = load_settings(overrides=args.vars)
        validate_marts(validator, Path(args.duckdb), len(settings.months))
    print_results(validator.results)
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([r.__dict__ for r in validator.results], indent=2, default=str))
    return 0 if all(r.success for r in validator.results) else 1


if __name__ == "__main__":
    sys.exit(main())
