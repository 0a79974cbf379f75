{#-
    Actual and real revenue growth (M16, D18) on month-end MRR, one row per
    month and dimension value (total, segment): month-over-month, year-over-year
    and 12-month compound monthly growth, attainment against the revenue plan,
    CPI inflation and inflation-adjusted (real) growth
    (1 + nominal) / (1 + inflation) - 1. A month without paying customers has
    MRR 0; a base of 0 (or a month before the billing history) gives NULL,
    never inf or NaN (NZ02). MRR is valued at each month's FX rate.
    MRR by slice comes from the bridge (int_mrr_movements_monthly end_mrr: the
    engine's customer MRR at each month's FX rate, summed), which covers the
    whole MRR history, so base months before the report calendar (t-1 of the
    first month, t-12 of the first year) count; CPI starts with the calendar, so
    inflation and real growth stay NULL where CPI of t-12 is missing
    (DECISIONLOG R20).
-#}

with

calendar_months as (

    {{ report_month_starts() }}

),

mrr_movements as (

    -- month-end MRR by slice over the whole MRR history (report and earlier months)
    select
        month_start,
        is_reporting_month,
        dimension,
        dimension_value,
        end_mrr as mrr

    from {{ ref('int_mrr_movements_monthly') }}

    where
        dimension in ('total', 'segment')
        and end_mrr > 0

),

history_months as (

    select
        month_start,
        is_reporting_month

    from {{ ref('int_mrr_history_months') }}

),

revenue_plan as (

    select
        month_start,
        segment,
        planned_mrr

    from {{ ref('stg_finance__revenue_plan') }}

),

cpi as (

    select
        month_start,
        cpi_index

    from {{ ref('stg_finance__cpi') }}

),

months_before_calendar as (

    select month_start

    from history_months

    where not is_reporting_month

),

series_months as (

    select month_start
    from calendar_months

    union

    select month_start
    from months_before_calendar

),

plan_by_dimension as (

    select
        month_start,
        'total' as dimension,
        'all' as dimension_value,
        sum(planned_mrr) as planned_mrr

    from revenue_plan

    group by 1, 2, 3

    union all

    select
        month_start,
        'segment' as dimension,
        segment as dimension_value,
        sum(planned_mrr) as planned_mrr

    from revenue_plan

    group by 1, 2, 3

),

dimension_values as (

    select
        'total' as dimension,
        'all' as dimension_value

    union

    select
        dimension,
        dimension_value
    from mrr_movements
    where is_reporting_month

    union

    select
        dimension,
        dimension_value
    from plan_by_dimension

),

mrr_series as (

    select
        series_months.month_start,
        dimension_values.dimension,
        dimension_values.dimension_value,
        coalesce(mrr_movements.mrr, 0) as mrr

    from series_months

    cross join dimension_values

    left join mrr_movements
        on
            series_months.month_start = mrr_movements.month_start
            and dimension_values.dimension = mrr_movements.dimension
            and dimension_values.dimension_value = mrr_movements.dimension_value

),

series_compared as (

    select
        mrr_series.month_start,
        mrr_series.dimension,
        mrr_series.dimension_value,
        mrr_series.mrr,
        previous_month.mrr as mrr_prev_month,
        year_ago.mrr as mrr_12m_ago,
        plan_by_dimension.planned_mrr,
        cpi.cpi_index,
        cpi_year_ago.cpi_index as cpi_index_12m_ago

    from mrr_series

    inner join calendar_months
        on mrr_series.month_start = calendar_months.month_start

    left join mrr_series as previous_month
        on
            mrr_series.dimension = previous_month.dimension
            and mrr_series.dimension_value = previous_month.dimension_value
            and previous_month.month_start
            = cast({{ dbt.dateadd('month', -1, 'mrr_series.month_start') }} as date)

    left join mrr_series as year_ago
        on
            mrr_series.dimension = year_ago.dimension
            and mrr_series.dimension_value = year_ago.dimension_value
            and year_ago.month_start
            = cast({{ dbt.dateadd('month', -12, 'mrr_series.month_start') }} as date)

    left join plan_by_dimension
        on {{ slice_keys_match('mrr_series', 'plan_by_dimension') }}

    left join cpi
        on mrr_series.month_start = cpi.month_start

    left join cpi as cpi_year_ago
        on
            cpi_year_ago.month_start
            = cast({{ dbt.dateadd('month', -12, 'mrr_series.month_start') }} as date)

),

growth_calculated as (

    select
        *,
        cast(mrr as {{ type_double() }})
        / nullif(cast(mrr_prev_month as {{ type_double() }}), 0) - 1
            as revenue_growth_mom,
        cast(mrr as {{ type_double() }}) / nullif(cast(mrr_12m_ago as {{ type_double() }}), 0) - 1
            as revenue_growth_yoy,
        cast(cpi_index as {{ type_double() }})
        / nullif(cast(cpi_index_12m_ago as {{ type_double() }}), 0)
        - 1 as inflation_yoy

    from series_compared

),

real_growth_calculated as (

    select
        {{ slice_key_columns('revenue_growth_monthly_id') }},
        cast(mrr as decimal(18, 4)) as mrr,
        cast(mrr_prev_month as decimal(18, 4)) as mrr_prev_month,
        cast(mrr_12m_ago as decimal(18, 4)) as mrr_12m_ago,
        revenue_growth_mom,
        revenue_growth_yoy,
        -- a double exponent: Spark reads 1.0 / 12 as a 6-digit decimal (0.083333)
        power(1 + revenue_growth_yoy, cast(1 as {{ type_double() }}) / 12) - 1 as cmgr_12,
        cast(planned_mrr as decimal(18, 4)) as planned_mrr,
        cast(mrr as {{ type_double() }}) / nullif(cast(planned_mrr as {{ type_double() }}), 0)
            as plan_attainment,
        cast(mrr - planned_mrr as decimal(18, 4)) as plan_variance,
        cast(mrr - planned_mrr as {{ type_double() }})
        / nullif(cast(planned_mrr as {{ type_double() }}), 0) as plan_variance_pct,
        cast(cpi_index as {{ type_double() }}) as cpi_index,
        cast(cpi_index_12m_ago as {{ type_double() }}) as cpi_index_12m_ago,
        inflation_yoy,
        (1 + revenue_growth_yoy) / nullif(1 + inflation_yoy, 0) - 1 as real_revenue_growth_yoy

    from growth_calculated

)

select * from real_growth_calculated
