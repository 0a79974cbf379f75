{#- Raw tasks left out of stg_crm__tasks, with the reason. -#}

with

source as (

    select * from {{ raw_source('crm', 'task') }}

),

leads as (

    select lead_id from {{ ref('stg_crm__leads') }}

),

lead_duplicates as (

    select
        lead_id,
        kept_lead_id

    from {{ ref('stg_crm__leads_rejects') }}
    where reject_reason = 'duplicate_email'

),

rows_classified as (

    select
        cast(source.id as varchar) as task_id,
        cast(source.who_id as varchar) as raw_lead_id,
        cast(source.is_deleted as varchar) as raw_is_deleted,
        case
            when coalesce(cast(source.is_deleted as boolean), false) then 'soft_deleted'
            when
                source.who_id is not null
                and coalesce(lead_duplicates.kept_lead_id, cast(source.who_id as varchar))
                not in (select leads.lead_id from leads)
                then 'lead_rejected'
        end as reject_reason

    from source

    left join lead_duplicates
        on cast(source.who_id as varchar) = lead_duplicates.lead_id

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
