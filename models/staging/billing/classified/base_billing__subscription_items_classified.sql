{{ config(materialized='table') }}

{#-
    Every raw Stripe subscription item, typed once, with its reject_reason (NULL = kept in
    stg_billing__subscription_items): subscription_rejected (the subscription is not kept).
-#}

{%- set parsed_columns = {'quantity': 'quantity', 'created': 'created_at'} %}

with

source as (

    select * from {{ raw_source('billing', 'subscription_item') }}

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
        {{ raw_text_columns(parsed_columns) }}

    from source

),

classified as (

    select
        *,
        case
            {{- unparseable_reasons(parsed_columns) }}
            when quantity < 0 then 'negative_quantity'
            when {{ parent_rejected('subscription_id', 'base_billing__subscriptions_classified') }}
                then 'subscription_rejected'
        end as reject_reason

    from renamed

)

select * from classified
