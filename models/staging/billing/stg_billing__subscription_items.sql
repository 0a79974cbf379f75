{#-
    Subscription items (current state only, SH01); items of rejected subscriptions are in
    the rejects.
-#}

with

source as (

    select * from {{ raw_source('billing', 'subscription_item') }}

),

subscriptions as (

    select subscription_id from {{ ref('stg_billing__subscriptions') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as subscription_item_id,
        cast(source.subscription_id as varchar) as subscription_id,
        cast(source.price_id as varchar) as price_id,

        -- numerics
        cast(source.quantity as integer) as quantity,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

subscription_items as (

    select * from renamed
    where coalesce(
        subscription_id in (select subscriptions.subscription_id from subscriptions), false
    )

)

select * from subscription_items
