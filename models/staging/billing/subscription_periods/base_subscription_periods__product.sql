{#-
    The raw billing.product table in the simple billing layout (var billing_layout:
    subscription_periods): one product per plan name of the kept periods ('unknown' when the
    file has no plan), so the MRR marts name each customer's plan.
-#}

{{ config(enabled=var('billing_layout', 'stripe') == 'subscription_periods') }}

with

subscription_periods as (

    select plan_name

    from {{ ref('base_billing__subscription_periods_classified') }}
    where {{ kept_rows() }}

),

products_derived as (

    select distinct
        coalesce(plan_name, 'unknown') as id,
        coalesce(plan_name, 'unknown') as name,
        true as active,
        false as is_deleted,
        'service' as type

    from subscription_periods

)

select * from products_derived
