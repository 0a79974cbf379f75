{#-
    Subscription items (current state only, SH01); items of rejected subscriptions are in
    the rejects.
-#}

with

subscription_items as (

    select
        subscription_item_id,
        subscription_id,
        price_id,
        quantity,
        created_at

    from {{ ref('base_billing__subscription_items_classified') }}
    where {{ kept_rows() }}

)

select * from subscription_items
