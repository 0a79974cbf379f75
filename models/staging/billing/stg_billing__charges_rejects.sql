{#- Raw charges left out of stg_billing__charges, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'charge') }}

),

customers as (

    select customer_id from {{ ref('stg_billing__customers') }}

),

rows_classified as (

    select
        cast(id as varchar) as charge_id,
        cast(customer_id as varchar) as customer_id,
        cast(livemode as varchar) as raw_livemode,
        case
            when not coalesce(cast(livemode as boolean), true) then 'test_record'
            when
                not coalesce(
                    cast(customer_id as varchar) in (select customers.customer_id from customers),
                    false
                )
                then 'customer_rejected'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
