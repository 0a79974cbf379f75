{#- Raw discounts left out of stg_billing__discounts, with the reason. -#}

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

rows_classified as (

    select
        cast(id as varchar) as discount_id,
        cast(customer_id as varchar) as customer_id,
        cast(subscription_id as varchar) as subscription_id,
        case
            when
                not coalesce(
                    cast(customer_id as varchar) in (select customers.customer_id from customers),
                    false
                )
                then 'customer_rejected'
            when
                nullif(trim(cast(subscription_id as varchar)), '') is not null
                and trim(cast(subscription_id as varchar))
                not in (select subscriptions.subscription_id from subscriptions)
                then 'subscription_rejected'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
