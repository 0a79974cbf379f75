{#-
    Point-to-point revenue retention (M05, D8), one row per evaluation month
    (T1) and dimension value (total, segment as of T0):
    the cohort is every customer paying at T0 = T1 - var retention_lookback_months;
    nrr = their MRR at T1 / their MRR at T0, grr caps each customer at its T0
    MRR, logo_retention = share still paying at T1. Both ends are valued at T1's
    FX rate (G5). New logos after T0 and customers inactive at T0 are out of the
    cohort. The one-month nrr_1m / grr_1m (T0 = previous month) equal
    1 - net / gross MRR churn. The T0 cohort comes from its one home,
    int_customer_retention_pairs (shared with fct_churn_monthly's D9 cohort
    churn, over the engine's whole MRR history), so a T0 before the report
    calendar counts; an empty cohort (history shorter than the window, or
    nobody paying at T0) has counts 0 and NULL ratios (DECISIONLOG R15, R16).
-#}

{%- set lookback_months = var('retention_lookback_months', 12) | int %}

with

calendar_months as (

    {{ report_month_starts() }}

),

retention_pairs as (

    select
        retention_window,
        month_start,
        t0_month_start,
        customer_id,
        segment,
        currency,
        start_mrr_native,
        end_mrr_native,
        is_retained

    from {{ ref('int_customer_retention_pairs') }}

),

customer_mrr_months as (

    select segment

    from {{ ref('int_customer_mrr_months') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

cohort_pairs as (

    -- both ends valued at T1's FX rate (G5)
    select
        retention_pairs.retention_window,
        retention_pairs.month_start,
        retention_pairs.t0_month_start,
        retention_pairs.customer_id,
        retention_pairs.segment,
        retention_pairs.is_retained,
        {{ convert_to_reporting('retention_pairs.start_mrr_native', 'fx_rates.rate_to_reporting') }}
            as start_mrr,
        {{ convert_to_reporting('retention_pairs.end_mrr_native', 'fx_rates.rate_to_reporting') }}
            as end_mrr

    from retention_pairs

    inner join calendar_months
        on retention_pairs.month_start = calendar_months.month_start

    inner join fx_rates
        on {{ slice_keys_match('retention_pairs', 'fx_rates', ['month_start', 'currency']) }}

),

cohort_pairs_by_dimension as (

    select
        retention_window,
        month_start,
        t0_month_start,
        'total' as dimension,
        'all' as dimension_value,
        is_retained,
        start_mrr,
        end_mrr

    from cohort_pairs

    union all

    select
        retention_window,
        month_start,
        t0_month_start,
        'segment' as dimension,
        coalesce(segment, 'unknown') as dimension_value,
        is_retained,
        start_mrr,
        end_mrr

    from cohort_pairs

),

cohorts_aggregated as (

    select
        retention_window,
        month_start,
        dimension,
        dimension_value,
        min(t0_month_start) as t0_month_start,
        count(*) as cohort_customers,
        sum(case when is_retained then 1 else 0 end) as cohort_customers_retained,
        sum(start_mrr) as cohort_start_mrr,
        sum(end_mrr) as cohort_end_mrr,
        sum(case when end_mrr < start_mrr then end_mrr else start_mrr end) as cohort_end_mrr_capped

    from cohort_pairs_by_dimension

    group by 1, 2, 3, 4

),

dimension_values as (

    -- the total row every month, and every segment of a customer that ever paid
    select
        'total' as dimension,
        'all' as dimension_value

    union

    select distinct
        'segment' as dimension,
        segment as dimension_value

    from customer_mrr_months

),

report_grid as (

    select
        calendar_months.month_start,
        dimension_values.dimension,
        dimension_values.dimension_value

    from calendar_months

    cross join dimension_values

),

retention_calculated as (

    select
        {{ surrogate_key([
            'report_grid.month_start', 'report_grid.dimension', 'report_grid.dimension_value'
        ]) }} as revenue_retention_monthly_id,
        report_grid.month_start,
        cast(report_grid.dimension as {{ dbt.type_string() }}) as dimension,
        cast(report_grid.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast({{ dbt.dateadd('month', -1 * lookback_months, 'report_grid.month_start') }} as date)
            as t0_month_start,
        cast(coalesce(lookback.cohort_customers, 0) as integer) as cohort_customers,
        cast(coalesce(lookback.cohort_customers_retained, 0) as integer)
            as cohort_customers_retained,
        -- too few customers in the T0 cohort for a stable ratio (DECISIONLOG R19)
        coalesce(lookback.cohort_customers, 0) < {{ var('min_customers_for_rates', 30) }}
            as is_small_sample,
        cast(lookback.cohort_start_mrr as decimal(18, 4)) as cohort_start_mrr,
        cast(lookback.cohort_end_mrr as decimal(18, 4)) as cohort_end_mrr,
        cast(lookback.cohort_end_mrr_capped as decimal(18, 4)) as cohort_end_mrr_capped,
        cast(lookback.cohort_end_mrr as {{ type_double() }})
        / nullif(cast(lookback.cohort_start_mrr as {{ type_double() }}), 0) as nrr,
        cast(lookback.cohort_end_mrr_capped as {{ type_double() }})
        / nullif(cast(lookback.cohort_start_mrr as {{ type_double() }}), 0)
            as grr,
        cast(lookback.cohort_customers_retained as {{ type_double() }})
        / nullif(cast(lookback.cohort_customers as {{ type_double() }}), 0)
            as logo_retention,
        cast(one_month.cohort_end_mrr as {{ type_double() }})
        / nullif(cast(one_month.cohort_start_mrr as {{ type_double() }}), 0)
            as nrr_1m,
        cast(one_month.cohort_end_mrr_capped as {{ type_double() }})
        / nullif(cast(one_month.cohort_start_mrr as {{ type_double() }}), 0)
            as grr_1m

    from report_grid

    left join cohorts_aggregated as lookback
        on
            report_grid.month_start = lookback.month_start
            and report_grid.dimension = lookback.dimension
            and report_grid.dimension_value = lookback.dimension_value
            and lookback.retention_window = 'lookback'

    left join cohorts_aggregated as one_month
        on
            report_grid.month_start = one_month.month_start
            and report_grid.dimension = one_month.dimension
            and report_grid.dimension_value = one_month.dimension_value
            and one_month.retention_window = 'one_month'

)

select * from retention_calculated
