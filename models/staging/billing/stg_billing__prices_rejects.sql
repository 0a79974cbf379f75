{#- Raw billing prices left out of stg_billing__prices, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'price') }}

),

rows_classified as (

    select
        cast(id as varchar) as price_id,
        cast(is_deleted as varchar) as raw_is_deleted,
        case
            when coalesce(cast(is_deleted as boolean), false) then 'soft_deleted'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
