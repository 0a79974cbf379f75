{#-
    The report months of the MRR engine (int_customer_mrr_months): one row per
    billing customer and month of dim_months, published under a contract.
-#}

with

customer_mrr_months as (

    select
        customer_mrr_month_id,
        customer_id,
        month_start,
        month_end,
        segment,
        acquisition_channel,
        country,
        acquisition_cohort_month,
        plan_name,
        billing_interval,
        currency,
        mrr_native,
        mrr,
        prev_mrr,
        prev_mrr_at_prev_fx,
        fx_impact,
        movement,
        new_mrr,
        reactivation_mrr,
        expansion_mrr,
        contraction_mrr,
        churned_mrr,
        is_active,
        was_active_prev_month,
        was_active_before

    from {{ ref('int_customer_mrr_months') }}

    where is_reporting_month

)

select * from customer_mrr_months
