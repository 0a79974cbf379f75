{#-
    The RevOps scorecard: one wide row per report month and segment ('all' for
    the whole company) with every RevOps metric, so BI needs no joins. Each
    value is read from its one home (movements, churn, retention, renewals,
    growth, LTV, billings marts); nothing is recomputed here except ARR and ARPA from the
    month-end balance.
-#}

with

revenue_growth as (

    {{ select_slice_rows(
        ref('fct_revenue_growth_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'mrr', 'revenue_growth_mom',
         'revenue_growth_yoy', 'cmgr_12', 'planned_mrr', 'plan_attainment', 'plan_variance',
         'real_revenue_growth_yoy']
    ) }}

),

mrr_movements as (

    {{ select_slice_rows(
        ref('fct_mrr_movements_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'start_mrr', 'new_mrr',
         'reactivation_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr', 'fx_impact',
         'net_new_mrr', 'end_mrr', 'customers_end', 'new_customers', 'churned_customers',
         'expansion_rate', 'expansion_share_of_new_arr', 'pct_customers_expanded'],
        ['total', 'segment']
    ) }}

),

churn as (

    {{ select_slice_rows(
        ref('fct_churn_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'customer_churn_rate',
         'customer_churn_rate_annualised', 'gross_mrr_churn_rate', 'net_mrr_churn_rate',
         'quick_ratio', 'trailing_12m_customer_churn_rate', 'annual_churn_vs_benchmark'],
        ['total', 'segment']
    ) }}

),

revenue_retention as (

    {{ select_slice_rows(
        ref('fct_revenue_retention_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'nrr', 'grr', 'logo_retention']
    ) }}

),

renewals as (

    {{ select_slice_rows(
        ref('fct_renewals_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'gross_dollar_renewal_rate',
         'net_dollar_renewal_rate', 'logo_renewal_rate', 'pending_renewal_arr']
    ) }}

),

lifetime_value as (

    {{ select_slice_rows(
        ref('fct_customer_lifetime_value'),
        ['month_start', 'dimension', 'dimension_value', 'ltv', 'ltv_to_cac']
    ) }}

),

billings as (

    {{ select_slice_rows(
        ref('fct_billings_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'invoiced_amount', 'collected_amount',
         'refunded_amount', 'net_collected_amount'],
        ['total', 'segment']
    ) }}

),

kpis_joined as (

    select
        {{ surrogate_key(['revenue_growth.month_start', 'revenue_growth.dimension_value']) }}
            as revops_kpi_monthly_id,
        revenue_growth.month_start,
        cast(revenue_growth.dimension_value as {{ dbt.type_string() }}) as segment,
        cast(revenue_growth.mrr as decimal(18, 4)) as mrr,
        cast(12 * revenue_growth.mrr as decimal(18, 4)) as arr,
        cast(coalesce(mrr_movements.customers_end, 0) as integer) as active_customers,
        cast(revenue_growth.mrr / nullif(mrr_movements.customers_end, 0) as decimal(18, 4)) as arpa,
        cast(coalesce(mrr_movements.start_mrr, 0) as decimal(18, 4)) as start_mrr,
        cast(coalesce(mrr_movements.new_mrr, 0) as decimal(18, 4)) as new_mrr,
        cast(coalesce(mrr_movements.reactivation_mrr, 0) as decimal(18, 4)) as reactivation_mrr,
        cast(coalesce(mrr_movements.expansion_mrr, 0) as decimal(18, 4)) as expansion_mrr,
        cast(coalesce(mrr_movements.contraction_mrr, 0) as decimal(18, 4)) as contraction_mrr,
        cast(coalesce(mrr_movements.churned_mrr, 0) as decimal(18, 4)) as churned_mrr,
        cast(coalesce(mrr_movements.fx_impact, 0) as decimal(18, 4)) as fx_impact,
        cast(coalesce(mrr_movements.net_new_mrr, 0) as decimal(18, 4)) as net_new_mrr,
        cast(coalesce(mrr_movements.new_customers, 0) as integer) as new_customers,
        cast(coalesce(mrr_movements.churned_customers, 0) as integer) as churned_customers,
        churn.customer_churn_rate,
        churn.customer_churn_rate_annualised,
        churn.trailing_12m_customer_churn_rate,
        churn.annual_churn_vs_benchmark,
        churn.gross_mrr_churn_rate,
        churn.net_mrr_churn_rate,
        churn.quick_ratio,
        revenue_retention.nrr,
        revenue_retention.grr,
        revenue_retention.logo_retention,
        renewals.gross_dollar_renewal_rate,
        renewals.net_dollar_renewal_rate,
        renewals.logo_renewal_rate,
        cast(renewals.pending_renewal_arr as decimal(18, 4)) as pending_renewal_arr,
        mrr_movements.expansion_rate,
        mrr_movements.expansion_share_of_new_arr,
        mrr_movements.pct_customers_expanded,
        revenue_growth.revenue_growth_mom,
        revenue_growth.revenue_growth_yoy,
        revenue_growth.cmgr_12,
        revenue_growth.real_revenue_growth_yoy,
        cast(revenue_growth.planned_mrr as decimal(18, 4)) as planned_mrr,
        revenue_growth.plan_attainment,
        cast(revenue_growth.plan_variance as decimal(18, 4)) as plan_variance,
        cast(lifetime_value.ltv as decimal(18, 4)) as ltv,
        lifetime_value.ltv_to_cac,
        -- billings beside MRR (issue 11): a segment row without transactions billed 0
        cast(coalesce(billings.invoiced_amount, 0) as decimal(18, 4)) as invoiced_amount,
        cast(coalesce(billings.collected_amount, 0) as decimal(18, 4)) as collected_amount,
        cast(coalesce(billings.refunded_amount, 0) as decimal(18, 4)) as refunded_amount,
        cast(coalesce(billings.net_collected_amount, 0) as decimal(18, 4)) as net_collected_amount

    from revenue_growth

    left join mrr_movements
        on {{ slice_keys_match('revenue_growth', 'mrr_movements') }}

    left join churn
        on {{ slice_keys_match('revenue_growth', 'churn') }}

    left join revenue_retention
        on {{ slice_keys_match('revenue_growth', 'revenue_retention') }}

    left join renewals
        on {{ slice_keys_match('revenue_growth', 'renewals') }}

    left join lifetime_value
        on {{ slice_keys_match('revenue_growth', 'lifetime_value') }}

    left join billings
        on {{ slice_keys_match('revenue_growth', 'billings') }}

)

select * from kpis_joined
