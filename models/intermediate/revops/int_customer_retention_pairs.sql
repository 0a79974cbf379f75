{#-
    The point-to-point retention cohort (D8, D9), one home for revenue retention
    and trailing cohort churn: one row per retention window, evaluation month T1
    and customer paying at T0 = T1 - the window's months (lookback: var
    retention_lookback_months; one_month: 1), with the customer's slice values
    at T0 and its native MRR at T0 and T1 (0 when it no longer pays). T0 comes
    from the engine's whole MRR history, so a T0 before the report calendar
    counts (R15); T1 never goes beyond the last month of the history (TB02).
-#}

{%- set windows = [('lookback', var('retention_lookback_months', 12) | int), ('one_month', 1)] %}

with

customer_mrr_months as (

    select
        customer_id,
        month_start,
        {{ revops_dimension_columns() }}
        currency,
        mrr_native

    from {{ ref('int_customer_mrr_months') }}

),

history_months as (

    select month_start

    from {{ ref('int_mrr_history_months') }}

),

cohort_pairs as (

    {%- for window_name, months_back in windows %}

        select
            '{{ window_name }}' as retention_window,
            history_months.month_start,
            cohort_start.month_start as t0_month_start,
            cohort_start.customer_id,
            {{ revops_dimension_columns(prefix='cohort_start.', indent=12) }}
            cohort_start.currency,
            cohort_start.mrr_native as start_mrr_native,
            coalesce(cohort_end.mrr_native, 0) as end_mrr_native

        from customer_mrr_months as cohort_start

        inner join history_months
            on
                history_months.month_start
                = cast({{ dbt.dateadd('month', months_back, 'cohort_start.month_start') }} as date)

        left join customer_mrr_months as cohort_end
            on
                cohort_start.customer_id = cohort_end.customer_id
                and history_months.month_start = cohort_end.month_start

        where cohort_start.mrr_native > 0
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

pairs_described as (

    select
        {{ surrogate_key(['retention_window', 'month_start', 'customer_id']) }}
            as customer_retention_pair_id,
        cast(retention_window as {{ dbt.type_string() }}) as retention_window,
        month_start,
        t0_month_start,
        customer_id,
        {{ revops_dimension_columns() }}
        currency,
        start_mrr_native,
        end_mrr_native,
        end_mrr_native > 0 as is_retained

    from cohort_pairs

)

select * from pairs_described
