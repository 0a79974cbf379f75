{{ config(materialized='table') }}

{#-
    Every raw CRM task (sales activity), typed once, with its reject_reason (NULL = kept in
    stg_crm__tasks): soft_deleted, then lead_rejected (the task names a lead that stands for
    no kept lead). A task on a duplicate lead is moved to the kept lead (G12).
-#}

with

source as (

    select * from {{ raw_source('crm', 'task') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as task_id,
        cast(source.who_id as {{ type_text() }}) as raw_lead_id,
        cast(source.owner_id as {{ type_text() }}) as owner_user_id,

        -- strings
        trim(cast(source.subject as {{ type_text() }})) as subject,
        lower(trim(cast(source.type as {{ type_text() }}))) as task_type,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        {{ company_date('source.activity_date') }} as activity_date,
        {{ utc_timestamp('source.created_date') }} as created_at,

        -- raw text of the deciding column (stg_crm__tasks_rejects)
        {{ raw_text_columns(['is_deleted']) }}

    from source

),

leads_resolved as (

    {{ surviving_lead_added('renamed') }}

),

classified as (

    select
        *,
        case
            when is_deleted then 'soft_deleted'
            when raw_lead_id is not null and lead_id is null then 'lead_rejected'
        end as reject_reason

    from leads_resolved

)

select * from classified
