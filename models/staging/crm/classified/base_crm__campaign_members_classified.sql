{{ config(materialized='table') }}

{#-
    Every raw CRM campaign member, typed once, with its reject_reason (NULL = kept in
    stg_crm__campaign_members): soft_deleted, then lead_rejected (the lead stands for no kept
    lead), then campaign_rejected (the campaign is not kept). A member whose lead was a
    duplicate is moved to the kept lead (G12).
-#}

with

source as (

    select * from {{ raw_source('crm', 'campaign_member') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as campaign_member_id,
        cast(source.campaign_id as {{ type_text() }}) as campaign_id,
        cast(source.lead_id as {{ type_text() }}) as raw_lead_id,

        -- strings
        lower(trim(cast(source.status as {{ type_text() }}))) as status,

        -- booleans
        coalesce(cast(source.has_responded as boolean), false) as has_responded,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        {{ company_date('source.first_responded_date') }} as first_responded_date,
        {{ utc_timestamp('source.created_date') }} as created_at,

        -- raw text of the deciding column (stg_crm__campaign_members_rejects)
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
            when lead_id is null then 'lead_rejected'
            when {{ parent_rejected('campaign_id', 'base_crm__campaigns_classified') }}
                then 'campaign_rejected'
        end as reject_reason

    from leads_resolved

)

select * from classified
