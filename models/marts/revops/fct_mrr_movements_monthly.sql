{#-
    The MRR bridge (M02) and expansion metrics (M06b), one row per report month
    and dimension value (total, segment, plan, billing_interval, channel, country,
    acquisition_cohort), from the bridge aggregated in int_mrr_movements_monthly.
    Every row satisfies
    end_mrr = start_mrr + fx_impact + new + reactivation + expansion - contraction - churned.
    Rates use the previous month-end MRR at this month's FX (constant currency).
-#}

with

mrr_movements as (

    select
        mrr_movement_monthly_id,
        month_start,
        dimension,
        dimension_value,
        start_mrr,
        start_mrr_at_current_fx,
        new_mrr,
        reactivation_mrr,
        expansion_mrr,
        contraction_mrr,
        churned_mrr,
        fx_impact,
        net_new_mrr,
        end_mrr,
        customers_start,
        customers_end,
        new_customers,
        reactivated_customers,
        expanded_customers,
        contracted_customers,
        churned_customers

    from {{ ref('int_mrr_movements_monthly') }}

    where is_reporting_month

),

expansion_calculated as (

    select
        *,
        cast(expansion_mrr as {{ type_double() }})
        / nullif(cast(start_mrr_at_current_fx as {{ type_double() }}), 0)
            as expansion_rate,
        cast(expansion_mrr as {{ type_double() }})
        / nullif(cast(new_mrr + expansion_mrr as {{ type_double() }}), 0)
            as expansion_share_of_new_arr,
        cast(expanded_customers as {{ type_double() }})
        / nullif(cast(customers_start as {{ type_double() }}), 0)
            as pct_customers_expanded

    from mrr_movements

)

select * from expansion_calculated
