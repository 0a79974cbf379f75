{#- Raw CRM opportunities left out of stg_crm__opportunities, with the reason (DD02). -#}

with

source as (

    select * from {{ raw_source('crm', 'opportunity') }}

),

rows_classified as (

    select
        cast(id as varchar) as opportunity_id,
        cast(name as varchar) as raw_name,
        cast(stage_name as varchar) as raw_stage_name,
        cast(loss_reason_c as varchar) as raw_loss_reason,
        cast(is_deleted as varchar) as raw_is_deleted,
        case
            when coalesce(cast(is_deleted as boolean), false) then 'soft_deleted'
            when upper(trim(cast(name as varchar))) = 'TEST' then 'test_record'
            when lower(trim(cast(loss_reason_c as varchar))) = 'duplicate' then 'duplicate_record'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
