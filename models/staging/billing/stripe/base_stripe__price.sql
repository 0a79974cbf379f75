{#-
    Stripe prices plus the legacy plans that have no price of the same id, as the raw
    billing.price table (var stripe_plan_table). Stripe gives a plan and its price the same id,
    and older subscription items and invoice lines name only plan_id: a plan is a recurring
    price (amount -> unit_amount, interval -> recurring_interval, usage_type ->
    recurring_usage_type). One row per price, then one per plan-only id.
-#}

{{ config(enabled=var('stripe_plan_table', false)) }}

with

prices as (

    select * from {{ filled_source('billing', 'price') }}

),

plans as (

    select * from {{ filled_source('billing', 'plan') }}

),

prices_kept as (

    select
        cast(id as {{ type_text() }}) as id,
        cast(product_id as {{ type_text() }}) as product_id,
        cast(nickname as {{ type_text() }}) as nickname,
        cast(currency as {{ type_text() }}) as currency,
        cast(unit_amount as {{ type_text() }}) as unit_amount,
        cast(type as {{ type_text() }}) as type,  -- noqa: RF04
        cast(recurring_interval as {{ type_text() }}) as recurring_interval,
        cast(recurring_interval_count as {{ type_text() }}) as recurring_interval_count,
        cast(recurring_usage_type as {{ type_text() }}) as recurring_usage_type,
        cast(active as {{ type_text() }}) as active,
        cast(created as {{ type_text() }}) as created,
        cast(is_deleted as {{ type_text() }}) as is_deleted

    from prices

),

plans_as_prices as (

    select
        cast(plans.id as {{ type_text() }}) as id,
        cast(plans.product_id as {{ type_text() }}) as product_id,
        cast(plans.nickname as {{ type_text() }}) as nickname,
        cast(plans.currency as {{ type_text() }}) as currency,
        cast(plans.amount as {{ type_text() }}) as unit_amount,
        'recurring' as type,  -- noqa: RF04
        cast(plans."interval" as {{ type_text() }}) as recurring_interval,  -- noqa: RF04, RF06
        cast(plans.interval_count as {{ type_text() }}) as recurring_interval_count,
        cast(plans.usage_type as {{ type_text() }}) as recurring_usage_type,
        cast(plans.active as {{ type_text() }}) as active,
        cast(plans.created as {{ type_text() }}) as created,
        cast(plans.is_deleted as {{ type_text() }}) as is_deleted

    from plans
    where cast(plans.id as {{ type_text() }}) not in (select prices_kept.id from prices_kept)

),

prices_and_plans as (

    select * from prices_kept
    union all
    select * from plans_as_prices

)

select * from prices_and_plans
