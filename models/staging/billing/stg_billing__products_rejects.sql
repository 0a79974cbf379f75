{#- Raw billing products left out of stg_billing__products, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'product') }}

),

rows_classified as (

    select
        cast(id as varchar) as product_id,
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
