{{ config(materialized='table') }}

{#-
    Every raw Stripe subscription item, typed once, with its reject_reason (NULL = kept in
    stg_billing__subscription_items): subscription_rejected (the subscription is not kept).
-#}

with

source as (

    select * from {{ raw_source('billing', 'subscription_item') }}

),

subscriptions as (

    select subscription_id from {{ ref('base_billing__subscriptions_classified') }}
    where {{ kept_rows() }}

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

classified as (

    select
        *,
        case
            when
                not coalesce(
                    subscription_id in (select subscriptions.subscription_id from subscriptions),
                    false
                )
                then 'subscription_rejected'
        end as reject_reason

    from renamed

)

select * from classified
