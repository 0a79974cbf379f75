{#-
    The raw billing.subscription_item table derived from subscriptions when the connector lands
    none (var stripe_subscription_items_from = subscription): one item per subscription, with
    the subscription's id, its legacy plan_id as the price and its quantity (1 when empty).
    Multi-item subscriptions cannot be rebuilt this way.
-#}

{{ config(enabled=var('stripe_subscription_items_from', 'table') == 'subscription') }}

with

subscriptions as (

    select * from {{ filled_source(
        'billing', 'subscription', [('plan_id', 'varchar'), ('quantity', 'bigint')]
    ) }}

),

items_derived as (

    select
        cast(id as {{ type_text() }}) as id,
        cast(id as {{ type_text() }}) as subscription_id,
        cast(plan_id as {{ type_text() }}) as price_id,
        coalesce(cast(quantity as bigint), 1) as quantity,
        cast(created as {{ type_text() }}) as created

    from subscriptions

)

select * from items_derived
