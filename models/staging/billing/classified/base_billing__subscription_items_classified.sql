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
        cast(source.id as {{ type_text() }}) as subscription_item_id,
        cast(source.subscription_id as {{ type_text() }}) as subscription_id,
        cast(source.price_id as {{ type_text() }}) as price_id,

        -- numerics
        {{ safe_cast('source.quantity', 'integer') }} as quantity,

        -- timestamps
        {{ utc_timestamp('source.created', safe=true) }} as created_at,

        -- raw text of the parsed columns (stg_billing__subscription_items_rejects)
        cast(source.quantity as {{ type_text() }}) as raw_quantity,
        cast(source.created as {{ type_text() }}) as raw_created

    from source

),

classified as (

    select
        *,
        case
            when {{ unparseable('raw_quantity', 'quantity') }} then 'unparseable_quantity'
            when {{ unparseable('raw_created', 'created_at') }} then 'unparseable_created'
            when quantity < 0 then 'negative_quantity'
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
