{#-
    Sales activities logged on leads. A task on a duplicate lead is moved to the kept lead
    (G12); tasks on deleted or test leads are in the rejects.
-#}

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

renamed as (

    select
        -- ids
        cast(source.id as varchar) as task_id,
        cast(source.who_id as varchar) as raw_lead_id,
        cast(source.owner_id as varchar) as owner_user_id,

        -- strings
        trim(cast(source.subject as varchar)) as subject,
        lower(trim(cast(source.type as varchar))) as task_type,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        {{ company_date('source.activity_date') }} as activity_date,
        {{ utc_timestamp('source.created_date') }} as created_at

    from source

),

leads_resolved as (

    select
        renamed.*,
        coalesce(lead_duplicates.kept_lead_id, renamed.raw_lead_id) as lead_id

    from renamed

    left join lead_duplicates
        on renamed.raw_lead_id = lead_duplicates.lead_id

),

live_tasks as (

    select * from leads_resolved
    where
        not is_deleted
        and (raw_lead_id is null or lead_id in (select leads.lead_id from leads))

),

tasks as (

    select
        task_id,
        lead_id,
        raw_lead_id,
        owner_user_id,
        task_type,
        subject,
        created_at,
        activity_date

    from live_tasks

)

select * from tasks
