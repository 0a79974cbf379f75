{#-
    MRR, ARR, paying customers and ARPA (M01) at each month-end (D1), one row
    per month and dimension value (total, segment, plan, billing_interval,
    channel, country, acquisition_cohort). Only balances add up across
    dimension values; ARPA is computed inside each slice.
-#}

with

customer_mrr_months as (

    select
        customer_id,
        month_start,
        month_end,
        {{ revops_dimension_columns() }}
        mrr

    from {{ ref('int_customer_mrr_months') }}

    where is_reporting_month

),

paying_customer_months as (

    select * from customer_mrr_months
    where mrr > 0

),

customer_months_by_dimension as (

    {{
        slice_dimensions(
            'paying_customer_months',
            ['month_start', 'month_end', 'customer_id', 'mrr'],
            revops_customer_dimensions(),
        )
    }}

),

balances_aggregated as (

    select
        month_start,
        month_end,
        dimension,
        dimension_value,
        sum(mrr) as mrr,
        count(distinct customer_id) as active_customers

    from customer_months_by_dimension

    group by 1, 2, 3, 4

),

arpa_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }} as mrr_arr_monthly_id,
        month_start,
        month_end,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(mrr as decimal(18, 4)) as mrr,
        cast(12 * mrr as decimal(18, 4)) as arr,
        cast(active_customers as integer) as active_customers,
        {{ to_decimal('mrr / nullif(active_customers, 0)', 18, 4) }} as arpa

    from balances_aggregated

)

select * from arpa_calculated
