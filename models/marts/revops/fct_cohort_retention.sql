{#-
    Acquisition-cohort retention (M05 by cohort, ChartMogul's cohort net MRR
    retention), one row per acquisition cohort month and month since
    acquisition: how many of the cohort's customers still pay, their MRR, and
    logo and net MRR retention against the cohort's first month. Both ends are
    valued at the later month's FX rate (G5). Reactivated customers count again
    when they return. Cohorts older than the report calendar appear from the
    calendar's first month (their start MRR comes from the engine's full history).
-#}

with

customer_mrr_months as (

    select
        customer_id,
        month_start,
        acquisition_cohort_month,
        currency,
        mrr_native

    from {{ ref('int_customer_mrr_months') }}

    where is_reporting_month

),

cohort_starts as (

    -- the engine's full history: a cohort may predate the report calendar
    select
        customer_id,
        currency,
        mrr_native as start_mrr_native

    from {{ ref('int_customer_first_paid_months') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

customer_months_in_cohort as (

    select
        customer_mrr_months.acquisition_cohort_month,
        {{ dbt.datediff(
            'customer_mrr_months.acquisition_cohort_month',
            'customer_mrr_months.month_start',
            'month'
        ) }}
            as months_since_acquisition,
        customer_mrr_months.month_start,
        customer_mrr_months.customer_id,
        case when customer_mrr_months.mrr_native > 0 then 1 else 0 end as is_active,
        {{ convert_to_reporting('customer_mrr_months.mrr_native', 'fx_rates.rate_to_reporting') }}
            as mrr,
        {{ convert_to_reporting('cohort_starts.start_mrr_native', 'fx_rates.rate_to_reporting') }}
            as start_mrr

    from customer_mrr_months

    inner join cohort_starts
        on customer_mrr_months.customer_id = cohort_starts.customer_id

    inner join fx_rates
        on
            customer_mrr_months.month_start = fx_rates.month_start
            and cohort_starts.currency = fx_rates.currency

    where customer_mrr_months.acquisition_cohort_month is not null

),

cohorts_aggregated as (

    select
        acquisition_cohort_month,
        months_since_acquisition,
        month_start,
        count(*) as cohort_customers,
        sum(is_active) as active_customers,
        sum(mrr) as mrr,
        sum(start_mrr) as cohort_start_mrr

    from customer_months_in_cohort

    group by 1, 2, 3

),

retention_calculated as (

    select
        {{ surrogate_key(['acquisition_cohort_month', 'months_since_acquisition']) }}
            as cohort_retention_id,
        acquisition_cohort_month,
        cast(months_since_acquisition as integer) as months_since_acquisition,
        month_start,
        cast(cohort_customers as integer) as cohort_customers,
        cast(active_customers as integer) as active_customers,
        cast(mrr as decimal(18, 4)) as mrr,
        cast(cohort_start_mrr as decimal(18, 4)) as cohort_start_mrr,
        cast(active_customers as {{ type_double() }})
        / nullif(cast(cohort_customers as {{ type_double() }}), 0) as logo_retention,
        cast(mrr as {{ type_double() }}) / nullif(cast(cohort_start_mrr as {{ type_double() }}), 0)
            as net_mrr_retention

    from cohorts_aggregated

)

select * from retention_calculated
