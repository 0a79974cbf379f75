{#-
    The MRR bridge aggregated (M02): one row per month of the MRR history and
    dimension value (total, segment, plan, billing_interval, channel, country,
    acquisition_cohort), summed from the engine's customer months in play (paying
    at this or the previous month-end). Every row satisfies
    end_mrr = start_mrr + fx_impact + new + reactivation + expansion - contraction - churned.
    The one home of monthly customer churn (M03): churned customers / customers
    at the previous month-end (join-and-churn inside a month is invisible, D4),
    over the whole history so trailing windows (LTV, D16 / R21) start full;
    is_reporting_month marks the months the report marts publish.
-#}

with

customer_mrr_months as (

    select
        customer_id,
        month_start,
        is_reporting_month,
        {{ revops_dimension_columns() }}
        mrr,
        prev_mrr,
        prev_mrr_at_prev_fx,
        fx_impact,
        movement,
        new_mrr,
        reactivation_mrr,
        expansion_mrr,
        contraction_mrr,
        churned_mrr

    from {{ ref('int_customer_mrr_months') }}

),

customer_months_in_play as (

    select * from customer_mrr_months
    where mrr > 0 or prev_mrr_at_prev_fx > 0

),

customer_months_by_dimension as (

    {{ slice_dimensions('customer_months_in_play', ['*'], revops_customer_dimensions()) }}

),

movements_aggregated as (

    select
        month_start,
        is_reporting_month,
        dimension,
        dimension_value,
        sum(prev_mrr_at_prev_fx) as start_mrr,
        sum(prev_mrr) as start_mrr_at_current_fx,
        sum(new_mrr) as new_mrr,
        sum(reactivation_mrr) as reactivation_mrr,
        sum(expansion_mrr) as expansion_mrr,
        sum(contraction_mrr) as contraction_mrr,
        sum(churned_mrr) as churned_mrr,
        sum(fx_impact) as fx_impact,
        sum(mrr) as end_mrr,
        sum(case when prev_mrr_at_prev_fx > 0 then 1 else 0 end) as customers_start,
        sum(case when mrr > 0 then 1 else 0 end) as customers_end,
        sum(case when movement = 'new' then 1 else 0 end) as new_customers,
        sum(case when movement = 'reactivation' then 1 else 0 end) as reactivated_customers,
        sum(case when movement = 'expansion' then 1 else 0 end) as expanded_customers,
        sum(case when movement = 'contraction' then 1 else 0 end) as contracted_customers,
        sum(case when movement = 'churn' then 1 else 0 end) as churned_customers

    from customer_months_by_dimension

    group by 1, 2, 3, 4

),

customer_churn_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as mrr_movement_monthly_id,
        month_start,
        is_reporting_month,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(start_mrr as decimal(18, 4)) as start_mrr,
        cast(start_mrr_at_current_fx as decimal(18, 4)) as start_mrr_at_current_fx,
        cast(new_mrr as decimal(18, 4)) as new_mrr,
        cast(reactivation_mrr as decimal(18, 4)) as reactivation_mrr,
        cast(expansion_mrr as decimal(18, 4)) as expansion_mrr,
        cast(contraction_mrr as decimal(18, 4)) as contraction_mrr,
        cast(churned_mrr as decimal(18, 4)) as churned_mrr,
        cast(fx_impact as decimal(18, 4)) as fx_impact,
        cast(
            new_mrr + reactivation_mrr + expansion_mrr - contraction_mrr - churned_mrr
            as decimal(18, 4)
        ) as net_new_mrr,
        cast(end_mrr as decimal(18, 4)) as end_mrr,
        cast(customers_start as integer) as customers_start,
        cast(customers_end as integer) as customers_end,
        cast(new_customers as integer) as new_customers,
        cast(reactivated_customers as integer) as reactivated_customers,
        cast(expanded_customers as integer) as expanded_customers,
        cast(contracted_customers as integer) as contracted_customers,
        cast(churned_customers as integer) as churned_customers,
        cast(churned_customers as {{ type_double() }})
        / nullif(cast(customers_start as {{ type_double() }}), 0)
            as customer_churn_rate

    from movements_aggregated

)

select * from customer_churn_calculated
