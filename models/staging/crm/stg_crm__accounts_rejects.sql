{#- Raw CRM accounts left out of stg_crm__accounts, with the reason. -#}

with

source as (

    select * from {{ raw_source('crm', 'account') }}

),

rows_classified as (

    select
        cast(id as varchar) as account_id,
        cast(name as varchar) as account_name,
        cast(is_deleted as varchar) as raw_is_deleted,
        case
            when coalesce(cast(is_deleted as boolean), false) then 'soft_deleted'
            when upper(trim(cast(name as varchar))) = 'TEST' then 'test_record'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
