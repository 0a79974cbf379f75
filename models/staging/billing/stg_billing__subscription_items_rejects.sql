{#- Raw subscription items left out of stg_billing__subscription_items, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'subscription_item') }}

),

subscriptions as (

    select subscription_id from {{ ref('stg_billing__subscriptions') }}

),

rows_classified as (

    select
        cast(id as varchar) as subscription_item_id,
        cast(subscription_id as varchar) as subscription_id,
        case
            when
                not coalesce(
                    cast(subscription_id as varchar)
                    in (select subscriptions.subscription_id from subscriptions),
                    false
                )
                then 'subscription_rejected'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
