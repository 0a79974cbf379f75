{#-
    Customer (logo) churn (M03) and revenue churn (M04), one row per report
    month and dimension value, from the MRR bridge (int_mrr_movements_monthly):
    - customer_churn_rate = churned customers / customers at the previous
      month-end, from the bridge (its one home, D4); annualised by
      compounding, 1 - (1 - c)^12, never x 12;
    - gross / net MRR churn on the previous month-end MRR at this month's FX (D7;
      the ChartMogul variant also subtracts reactivation);
    - quick ratio = (new + expansion + reactivation) / (churn + contraction);
    - trailing-12-month cohort customer churn (D9): customers paying 12 months
      ago (var retention_lookback_months) who no longer pay, over those
      customers, by the dimension value they had then; compared with the
      article's 6-20 % annual median range for ~1 M$ SaaS companies. The cohort
      comes from int_customer_retention_pairs (the one home of the T0 cohort,
      shared with fct_revenue_retention_monthly; T0 before the calendar too); an
      empty cohort has counts 0 and a NULL rate (DECISIONLOG R15, R16).
-#}

with

mrr_movements as (

    select
        month_start,
        dimension,
        dimension_value,
        start_mrr_at_current_fx,
        new_mrr,
        reactivation_mrr,
        expansion_mrr,
        contraction_mrr,
        churned_mrr,
        customers_start,
        churned_customers,
        customer_churn_rate

    from {{ ref('int_mrr_movements_monthly') }}

    where is_reporting_month

),

retention_pairs as (

    -- the lookback cohort at T0 (D9), from its one home; T0 may precede the calendar
    select
        month_start,
        {{ revops_dimension_columns() }}
        is_retained

    from {{ ref('int_customer_retention_pairs') }}

    where retention_window = 'lookback'

),

cohort_outcomes_by_dimension as (

    {{
        slice_dimensions(
            'retention_pairs',
            ['month_start', 'is_retained'],
            revops_customer_dimensions(),
        )
    }}

),

cohort_churn_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        count(*) as cohort_customers,
        sum(case when is_retained then 1 else 0 end) as cohort_customers_retained

    from cohort_outcomes_by_dimension

    group by 1, 2, 3

),

monthly_rates_calculated as (

    select
        mrr_movements.month_start,
        mrr_movements.dimension,
        mrr_movements.dimension_value,
        mrr_movements.customers_start,
        mrr_movements.churned_customers,
        mrr_movements.start_mrr_at_current_fx as start_mrr,
        mrr_movements.new_mrr,
        mrr_movements.reactivation_mrr,
        mrr_movements.expansion_mrr,
        mrr_movements.contraction_mrr,
        mrr_movements.churned_mrr,
        mrr_movements.customer_churn_rate,
        cast(mrr_movements.churned_mrr + mrr_movements.contraction_mrr as {{ type_double() }})
        / nullif(cast(mrr_movements.start_mrr_at_current_fx as {{ type_double() }}), 0)
            as gross_mrr_churn_rate,
        cast(
            mrr_movements.churned_mrr
            + mrr_movements.contraction_mrr
            - mrr_movements.expansion_mrr as {{ type_double() }}
        )
        / nullif(cast(mrr_movements.start_mrr_at_current_fx as {{ type_double() }}), 0)
            as net_mrr_churn_rate,
        cast(
            mrr_movements.churned_mrr + mrr_movements.contraction_mrr
            - mrr_movements.expansion_mrr - mrr_movements.reactivation_mrr as {{ type_double() }}
        )
        / nullif(cast(mrr_movements.start_mrr_at_current_fx as {{ type_double() }}), 0)
            as net_mrr_churn_rate_incl_reactivation,
        cast(
            mrr_movements.new_mrr
            + mrr_movements.expansion_mrr
            + mrr_movements.reactivation_mrr as {{ type_double() }}
        )
        / nullif(
            cast(
                mrr_movements.churned_mrr + mrr_movements.contraction_mrr as {{ type_double() }}
            ),
            0
        )
            as quick_ratio,
        -- an empty cohort (nobody paying at T0 in the slice) counts 0, its rate stays NULL
        coalesce(cohort_churn_aggregated.cohort_customers, 0) as cohort_customers_12m_ago,
        coalesce(
            cohort_churn_aggregated.cohort_customers
            - cohort_churn_aggregated.cohort_customers_retained,
            0
        ) as cohort_customers_churned_12m,
        cast(
            cohort_churn_aggregated.cohort_customers
            - cohort_churn_aggregated.cohort_customers_retained as {{ type_double() }}
        )
        / nullif(cast(cohort_churn_aggregated.cohort_customers as {{ type_double() }}), 0)
            as trailing_12m_customer_churn_rate

    from mrr_movements

    left join cohort_churn_aggregated
        on {{ slice_keys_match('mrr_movements', 'cohort_churn_aggregated') }}

),

benchmarks_compared as (

    select
        {{ slice_key_columns('churn_monthly_id') }},
        cast(customers_start as integer) as customers_start,
        cast(churned_customers as integer) as churned_customers,
        -- too few customers at the month start for a stable rate (DECISIONLOG R19)
        customers_start < {{ var('min_customers_for_rates', 30) }} as is_small_sample,
        customer_churn_rate,
        1 - power(1 - customer_churn_rate, 12) as customer_churn_rate_annualised,
        cast(start_mrr as decimal(18, 4)) as start_mrr,
        cast(churned_mrr as decimal(18, 4)) as churned_mrr,
        cast(contraction_mrr as decimal(18, 4)) as contraction_mrr,
        cast(expansion_mrr as decimal(18, 4)) as expansion_mrr,
        cast(reactivation_mrr as decimal(18, 4)) as reactivation_mrr,
        cast(new_mrr as decimal(18, 4)) as new_mrr,
        gross_mrr_churn_rate,
        net_mrr_churn_rate,
        net_mrr_churn_rate_incl_reactivation,
        quick_ratio,
        cast(cohort_customers_12m_ago as integer) as cohort_customers_12m_ago,
        cast(cohort_customers_churned_12m as integer) as cohort_customers_churned_12m,
        trailing_12m_customer_churn_rate,
        cast({{ var('benchmark_annual_churn_low', 0.06) }} as {{ type_double() }})
            as benchmark_annual_churn_low,
        cast({{ var('benchmark_annual_churn_high', 0.20) }} as {{ type_double() }})
            as benchmark_annual_churn_high,
        case
            when trailing_12m_customer_churn_rate is null then null
            when
                trailing_12m_customer_churn_rate < {{ var('benchmark_annual_churn_low', 0.06) }}
                then 'below'
            when
                trailing_12m_customer_churn_rate > {{ var('benchmark_annual_churn_high', 0.20) }}
                then 'above'
            else 'within'
        end as annual_churn_vs_benchmark

    from monthly_rates_calculated

)

select * from benchmarks_compared
