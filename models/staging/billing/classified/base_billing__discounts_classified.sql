{{ config(materialized='table') }}

{#-
    Every raw Stripe discount, typed once, with its reject_reason (NULL = kept in
    stg_billing__discounts): customer_rejected, then subscription_rejected (a subscription is
    named but not kept).
-#}

with

source as (

    select * from {{ raw_source('billing', 'discount') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as discount_id,
        cast(source.coupon_id as {{ type_text() }}) as coupon_id,
        cast(source.customer_id as {{ type_text() }}) as customer_id,
        nullif(trim(cast(source.subscription_id as {{ type_text() }})), '') as subscription_id,

        -- strings
        lower(trim(cast(source.type as {{ type_text() }}))) as discount_type,

        -- dates
        {{ company_date('source.start') }} as start_date,
        {{ company_date('source.' ~ adapter.quote('end')) }} as end_date,

        -- raw text of the deciding column (stg_billing__discounts_rejects)
        {{ raw_text_columns(['subscription_id']) }}

    from source

),

classified as (

    select
        *,
        case
            when {{ parent_rejected('customer_id', 'base_billing__customers_classified') }}
                then 'customer_rejected'
            when {{ parent_rejected(
                'subscription_id', 'base_billing__subscriptions_classified', optional=true
            ) }}
                then 'subscription_rejected'
        end as reject_reason

    from renamed

)

select * from classified
