{#- Raw CRM campaigns left out of stg_crm__campaigns, with the reason. -#}

with

source as (

    select * from {{ raw_source('crm', 'campaign') }}

),

rows_classified as (

    select
        cast(id as varchar) as campaign_id,
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
