{#-
    Discounts (a coupon applied to a customer or subscription); discounts of rejected
    customers or subscriptions are in the rejects.
-#}

with

source as (

    select * from {{ raw_source('billing', 'discount') }}

),

customers as (

    select customer_id from {{ ref('stg_billing__customers') }}

),

subscriptions as (

    select subscription_id from {{ ref('stg_billing__subscriptions') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as discount_id,
        cast(source.coupon_id as varchar) as coupon_id,
        cast(source.customer_id as varchar) as customer_id,
        nullif(trim(cast(source.subscription_id as varchar)), '') as subscription_id,

        -- strings
        lower(trim(cast(source.type as varchar))) as discount_type,

        -- dates
        {{ company_date('source.start') }} as start_date,
        {{ company_date('source."end"') }} as end_date

    from source

),

discounts as (

    select * from renamed
    where
        coalesce(customer_id in (select customers.customer_id from customers), false)
        and (
            subscription_id is null
            or subscription_id in (select subscriptions.subscription_id from subscriptions)
        )

)

select * from discounts
