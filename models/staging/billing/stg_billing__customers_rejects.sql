{#- Raw billing customers left out of stg_billing__customers, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'customer') }}

),

rows_classified as (

    select
        cast(id as varchar) as customer_id,
        cast(is_deleted as varchar) as raw_is_deleted,
        cast(livemode as varchar) as raw_livemode,
        case
            when coalesce(cast(is_deleted as boolean), false) then 'soft_deleted'
            when not coalesce(cast(livemode as boolean), true) then 'test_record'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
