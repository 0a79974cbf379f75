"""One grain per published table: how scripts/publish.py splits the sliced marts.

A monthly metric mart of the build holds the company total and every slice in one table
(`dimension` = 'total', 'segment', 'channel', ...; the wide KPI marts and the loss-reason
mart: `segment` = 'all' beside each segment), the design that lets one model compute a
metric once for every slice (docs/architecture.md, L5). Summing an additive column of such
a table over all its rows counts every customer once per dimension: `SUM(mrr)` over
`fct_mrr_arr_monthly` for Dec-2025 is 7 x 1,570,008.48. The published file (what BI reads)
therefore holds, instead of each sliced mart,

- `<mart>`: the company total only, without the `dimension`/`dimension_value` columns;
- `<mart>_by_<dimension>`: one table per slice dimension, the slice value in a column named
  after the dimension, with names beside ids (reps: `rep_name`, `team_name` from dim_reps;
  campaigns: `campaign_name` from dim_campaigns; channels: `channel_name` from dim_channels).

Gaps: a slice that has no row in a month (no paying customer of that channel, no deal of
that segment at that stage) gets one in every period of the mart (an acquisition cohort:
from its own month on), for the dimensions of FILLED_DIMENSIONS (not reps or campaigns,
whose active span no mart publishes). In an added row (`is_gap_filled` true) the mart's declared
additive counts and amounts are 0, the month's attributes (month_end, as_of_date, flags of
the month) are copied from the month, and every other column (ratios, averages, amounts
whose absence means "no data", e.g. a channel's spend: S19) is NULL: unknown, never 0.

Every number is the mart's: the split filters, renames and joins names; it computes no
metric. `additive` lists the columns whose slices add up to the total (measured on the demo
build and checked for every published table by tests/python/test_published_grain.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Dimensions whose every value has a row in every period of its span: "all" for values of a
# lookup or attribute (a channel, segment, plan or country with no customer that month is a
# true zero), "from_first" for acquisition cohorts (a cohort exists from its own month).
# Reps and campaigns are not filled: no mart publishes when they start and stop.
FILLED_DIMENSIONS: dict[str, str] = {
    "segment": "all",
    "plan": "all",
    "billing_interval": "all",
    "channel": "all",
    "channel_type": "all",
    "country": "all",
    "team": "all",
    "acquisition_cohort": "from_first",
}

# Slice dimension -> the column(s) its value and names take in a `_by_<dimension>` table:
# (value column, dim table, dim key, [(dim column, published name), ...]).
SLICE_COLUMNS: dict[str, tuple[str, str | None, str | None, list[tuple[str, str]]]] = {
    "segment": ("segment", None, None, []),
    "plan": ("plan_name", None, None, []),
    "billing_interval": ("billing_interval", None, None, []),
    "country": ("country", None, None, []),
    "acquisition_cohort": ("acquisition_cohort_month", None, None, []),
    "team": ("team_name", None, None, []),
    "channel_type": ("channel_type", None, None, []),
    "channel": ("channel", "dim_channels", "channel", [("channel_name", "channel_name")]),
    "rep": (
        "rep_user_id",
        "dim_reps",
        "user_id",
        [("user_name", "rep_name"), ("team_name", "rep_team_name")],
    ),
    "campaign": (
        "campaign_id",
        "dim_campaigns",
        "campaign_id",
        [("campaign_name", "campaign_name"), ("channel", "campaign_channel")],
    ),
}


@dataclass(frozen=True)
class SlicedMart:
    """How one sliced mart is published.

    time: the period column. grain: further grain columns inside a slice (stage, loss
    reason). slice_column / total_value: the column naming the slice and its total value
    ('dimension'/'total', or 'segment'/'all' for marts sliced by segment only).
    additive: columns whose slices add up to the total, zero in a filled gap unless listed
    in null_when_missing. month_attributes: columns that describe the month, not the slice.
    """

    time: str = "month_start"
    grain: tuple[str, ...] = ()
    slice_column: str = "dimension"
    total_value: str = "total"
    additive: tuple[str, ...] = ()
    # slice dimensions whose names the mart carries itself (no dim join for them)
    names_in_mart: tuple[str, ...] = ()
    not_additive_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    null_when_missing: tuple[str, ...] = ()
    month_attributes: tuple[str, ...] = ()

    def additive_for(self, dimension: str) -> tuple[str, ...]:
        excluded = self.not_additive_by.get(dimension, ())
        return tuple(column for column in self.additive if column not in excluded)

    def zero_when_missing(self, dimension: str) -> tuple[str, ...]:
        return tuple(
            column for column in self.additive_for(dimension)
            if column not in self.null_when_missing
        )


MRR_MOVEMENT_COLUMNS = (
    "start_mrr", "start_mrr_at_current_fx", "new_mrr", "reactivation_mrr", "expansion_mrr",
    "contraction_mrr", "churned_mrr", "fx_impact", "net_new_mrr", "end_mrr",
    "customers_start", "customers_end", "new_customers", "reactivated_customers",
    "expanded_customers", "contracted_customers", "churned_customers",
)
WIN_COLUMNS = (
    "won_count", "lost_count", "closed_count", "no_decision_lost_count", "won_amount",
    "lost_amount", "won_missing_amount_count", "lost_missing_amount_count",
    "won_count_trailing", "lost_count_trailing", "won_amount_trailing", "lost_amount_trailing",
)

SLICED_MARTS: dict[str, SlicedMart] = {
    "fct_cac_monthly": SlicedMart(
        additive=("new_logos", "paid_new_logos", "new_mrr", "marketing_spend",
                  "paid_marketing_spend"),
        # a channel-month without a spend row has NULL spend (S19), not 0
        null_when_missing=("marketing_spend", "paid_marketing_spend"),
        month_attributes=("has_spend_data", "has_finance_cost_data"),
    ),
    "fct_churn_monthly": SlicedMart(
        additive=("customers_start", "churned_customers", "start_mrr", "churned_mrr",
                  "contraction_mrr", "expansion_mrr", "reactivation_mrr", "new_mrr"),
        month_attributes=("benchmark_annual_churn_low", "benchmark_annual_churn_high"),
    ),
    "fct_close_rates_monthly": SlicedMart(
        additive=("created_count", "created_amount", "created_missing_amount_count",
                  "won_count", "won_amount", "created_count_trailing", "won_count_trailing"),
        month_attributes=("as_of_date", "is_cohort_mature"),
    ),
    "fct_cost_per_lead_monthly": SlicedMart(
        additive=("spend_amount", "paid_spend_amount", "lead_count", "paid_lead_count",
                  "mql_count", "sql_count"),
        null_when_missing=("spend_amount", "paid_spend_amount"),
    ),
    "fct_customer_lifetime_value": SlicedMart(),
    "fct_funnel_reach_monthly": SlicedMart(
        grain=("stage_name", "stage_order"),
        additive=("lead_count", "reach_count", "literal_reach_count"),
    ),
    "fct_marketing_roi_monthly": SlicedMart(),
    "fct_mql_sql_handoff_monthly": SlicedMart(
        additive=("mql_count", "sql_count", "sales_sourced_sql_count",
                  "mql_to_sql_count_cohort", "lead_magnet_download_count"),
        month_attributes=("as_of_date", "has_mql_data", "has_sql_data", "is_cohort_mature"),
    ),
    "fct_mrr_arr_monthly": SlicedMart(
        additive=("mrr", "arr", "active_customers"), month_attributes=("month_end",)
    ),
    "fct_mrr_movements_monthly": SlicedMart(additive=MRR_MOVEMENT_COLUMNS),
    "fct_pipeline_stage_snapshot_monthly": SlicedMart(
        grain=("stage_name", "stage_order"),
        additive=("open_count", "open_amount", "missing_amount_count"),
        month_attributes=("month_end",),
    ),
    "fct_pipeline_velocity_monthly": SlicedMart(
        additive=("open_count", "open_amount", "weighted_open_amount",
                  "created_count_lookback", "won_count_lookback", "lost_count_lookback"),
    ),
    "fct_renewals_monthly": SlicedMart(
        additive=("renewals_due", "renewals_won", "renewals_lost", "renewals_open",
                  "renewals_in_rate_base", "prior_arr_due", "prior_arr_in_rate_base",
                  "renewed_arr", "renewed_arr_capped", "upsell_at_renewal_arr",
                  "pending_renewal_arr"),
        month_attributes=("renewal_rate_basis",),
    ),
    "fct_revenue_growth_monthly": SlicedMart(
        additive=("mrr", "mrr_prev_month", "mrr_12m_ago", "planned_mrr"),
        null_when_missing=("planned_mrr",),
        month_attributes=("cpi_index", "cpi_index_12m_ago", "inflation_yoy"),
    ),
    "fct_revenue_retention_monthly": SlicedMart(
        additive=("cohort_customers", "cohort_customers_retained", "cohort_start_mrr",
                  "cohort_end_mrr", "cohort_end_mrr_capped"),
        month_attributes=("t0_month_start",),
    ),
    "fct_sales_cycle_monthly": SlicedMart(
        additive=("won_count", "closed_count", "won_with_lead_count", "won_count_trailing"),
    ),
    "fct_sales_forecast_quarterly": SlicedMart(
        time="quarter_start",
        additive=("forecast_new_arr", "actual_new_arr", "weighted_pipeline_forecast"),
        null_when_missing=("forecast_new_arr",),
        month_attributes=("quarter_end", "is_quarter_complete"),
    ),
    "fct_win_rates_monthly": SlicedMart(additive=WIN_COLUMNS),
    "fct_billings_monthly": SlicedMart(
        additive=("invoiced_amount", "collected_amount", "refunded_amount",
                  "net_collected_amount"),
    ),
    # campaign keys include ad campaigns no CRM campaign links and `unattributed`: the mart
    # names them itself (campaign_name), dim_campaigns knows CRM campaigns only
    "fct_campaign_performance_monthly": SlicedMart(
        additive=("spend_amount", "lead_count", "mql_count", "sql_count", "won_deal_count",
                  "won_amount"),
        names_in_mart=("campaign",),
    ),
    "fct_stage_durations_monthly": SlicedMart(
        grain=("stage_name", "stage_order"),
        additive=("exited_count", "skipped_count"),
    ),
    # sliced by segment only: 'all' is the company total
    "fct_loss_reasons_monthly": SlicedMart(
        grain=("loss_reason",),
        slice_column="segment",
        total_value="all",
        additive=("lost_count", "lost_amount", "missing_amount_count"),
    ),
    "fct_revops_kpis_monthly": SlicedMart(
        slice_column="segment",
        total_value="all",
        additive=("mrr", "arr", "active_customers", "start_mrr", "new_mrr",
                  "reactivation_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
                  "fx_impact", "net_new_mrr", "new_customers", "churned_customers",
                  "pending_renewal_arr", "planned_mrr", "invoiced_amount", "collected_amount",
                  "refunded_amount", "net_collected_amount"),
        null_when_missing=("planned_mrr",),
    ),
    "fct_salesops_kpis_monthly": SlicedMart(
        slice_column="segment",
        total_value="all",
        additive=("won_count", "lost_count", "won_amount", "opportunities_created",
                  "open_pipeline_count", "open_pipeline_amount",
                  "weighted_open_pipeline_amount", "new_logos", "new_mrr"),
    ),
}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def surrogate_key(columns: list[str]) -> list[str]:
    """The mart's slice surrogate key (its first column, `<x>_id`, hashed from the period,
    dimension and value): not published, the key of a one-grain table is its period, slice
    value and grain columns."""
    return columns[:1] if columns and columns[0].endswith("_id") else []


def split_selects(
    mart: str,
    spec: SlicedMart,
    source: str,
    columns: list[str],
    dimensions: list[str],
    dims: dict[str, str],
) -> list[tuple[str, str]]:
    """(published table name, select statement) for the total and each slice dimension.

    `source` is the mart's quoted relation, `columns` its columns in order, `dimensions`
    the slice dimensions present in it, `dims` dim name -> quoted relation.
    """
    missing = [
        column
        for column in (spec.time, *spec.grain, spec.slice_column, *spec.additive,
                       *spec.month_attributes)
        if column not in columns
    ]
    if missing:
        raise ValueError(f"{mart}: declared column(s) {missing} are not in the mart")
    dropped = {spec.slice_column, *surrogate_key(columns)}
    if spec.slice_column == "dimension":
        dropped.add("dimension_value")
    value_column = "dimension_value" if spec.slice_column == "dimension" else spec.slice_column
    body = [column for column in columns if column not in dropped]
    statements = [(mart, _one_grain(spec, source, body, value_column, None, dims))]
    for dimension in dimensions:
        if dimension not in SLICE_COLUMNS:
            raise ValueError(f"{mart}: slice dimension {dimension!r} has no published name")
        statements.append(
            (f"{mart}_by_{dimension}",
             _one_grain(spec, source, body, value_column, dimension, dims))
        )
    return statements


def _one_grain(
    spec: SlicedMart,
    source: str,
    body: list[str],
    value_column: str,
    dimension: str | None,
    dims: dict[str, str],
) -> str:
    """Select of one published table: the total (`dimension` None) or the rows of one slice
    dimension, gaps filled where FILLED_DIMENSIONS (or the grain, for the total) says so."""
    label = dimension or "total"
    if dimension is None:
        where = f"{quote(spec.slice_column)} = '{spec.total_value}'"
    elif spec.slice_column == "dimension":
        where = f"dimension = '{dimension}'"
    else:
        where = f"{quote(spec.slice_column)} <> '{spec.total_value}'"
    keys = [spec.time, *spec.grain]
    slice_keys = [] if dimension is None else ["slice_value"]
    fill = (dimension is None and bool(spec.grain)) or dimension in FILLED_DIMENSIONS
    rows = (
        f"select {', '.join(quote(c) for c in body)}"
        + ("" if dimension is None else f", {quote(value_column)} as slice_value")
        + f" from {source} where {where}"
    )
    zero = set(spec.zero_when_missing(label)) if fill else set()
    month_attributes = set(spec.month_attributes)
    value_parts: list[str] = []
    names_from_dim = dimension is not None and dimension not in spec.names_in_mart
    if dimension is not None:
        value_name, _, _, names = SLICE_COLUMNS[dimension]
        value_parts.append(f"grid.slice_value as {quote(value_name)}")
        for dim_column, published in names if names_from_dim else []:
            value_parts.append(f"names.{quote(dim_column)} as {quote(published)}")
    selected = []
    for column in body:
        if column in keys:
            selected.append(f"grid.{quote(column)}")
        elif column in zero:
            selected.append(f"coalesce(rows.{quote(column)}, 0) as {quote(column)}")
        elif column in month_attributes and fill:
            selected.append(
                f"coalesce(rows.{quote(column)}, months.{quote(column)}) as {quote(column)}"
            )
        else:
            selected.append(f"rows.{quote(column)}")
    time_column = quote(spec.time)
    first_cols = [f"grid.{time_column}", *value_parts]
    rest = [s for s in selected if s != f"grid.{time_column}"]
    if fill:
        grain_list = ", ".join(quote(c) for c in spec.grain)
        grid = [
            f"periods as (select distinct {time_column} from {source})",
            (
                "spans as (select slice_value, min(" + time_column + ") as first_period "
                "from rows group by slice_value)"
                if FILLED_DIMENSIONS.get(label) == "from_first"
                else "spans as (select distinct slice_value, (select min(" + time_column
                + ") from periods) as first_period from rows)"
            )
            if slice_keys
            else None,
            f"grains as (select distinct {grain_list} from rows)" if spec.grain else None,
            "grid as (select periods." + time_column
            + (", spans.slice_value" if slice_keys else "")
            + ("".join(f", grains.{quote(c)}" for c in spec.grain))
            + " from periods"
            + (" join spans on periods." + time_column + " >= spans.first_period"
               if slice_keys else "")
            + (" cross join grains" if spec.grain else "") + ")",
            "months as (select " + time_column
            + "".join(f", max({quote(c)}) as {quote(c)}" for c in spec.month_attributes)
            + f" from {source} group by {time_column})",
        ]
        ctes = [f"rows as ({rows})", *[part for part in grid if part]]
        join_keys = [*keys, *slice_keys]
        joins = (
            "from grid left join rows on "
            + " and ".join(f"grid.{quote(k)} = rows.{quote(k)}" for k in join_keys)
            + f" left join months on grid.{time_column} = months.{time_column}"
        )
        filled_flag = "rows." + time_column + " is null as is_gap_filled"
    else:
        # no fill: the grid is the rows themselves
        ctes = [f"rows as ({rows})", "grid as (select * from rows)"]
        rest = [part.replace("rows.", "grid.") for part in rest]
        filled_flag = "false as is_gap_filled"
        joins = "from grid"
    if names_from_dim and SLICE_COLUMNS[dimension][1]:
        _, dim, dim_key, _ = SLICE_COLUMNS[dimension]
        joins += f" left join {dims[dim]} as names on grid.slice_value = names.{quote(dim_key)}"
    select_list = ", ".join([*first_cols, *rest, filled_flag])
    order = ", ".join(
        [f"grid.{time_column}", *(["grid.slice_value"] if slice_keys else []),
         *(f"grid.{quote(c)}" for c in spec.grain)]
    )
    return f"with {', '.join(ctes)} select {select_list} {joins} order by {order}"
