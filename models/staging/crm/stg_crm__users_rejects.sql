{#- Raw CRM users left out of stg_crm__users, with the reason. -#}

with

source as (

    select * from {{ raw_source('crm', 'user') }}

),

rows_classified as (

    select
        cast(id as varchar) as user_id,
        cast(_fivetran_deleted as varchar) as raw_fivetran_deleted,
        case
            when coalesce(cast(_fivetran_deleted as boolean), false) then 'soft_deleted'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
