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

leads as (

    select
        lead_id,
        surviving_lead_id

    from {{ ref('base_crm__leads_classified') }}

),

campaigns as (

    select campaign_id from {{ ref('base_crm__campaigns_classified') }}
    where {{ kept_rows() }}

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
        cast(source.is_deleted as {{ type_text() }}) as raw_is_deleted

    from source

),

classified as (

    select
        renamed.*,
        leads.surviving_lead_id as lead_id,
        case
            when renamed.is_deleted then 'soft_deleted'
            when leads.surviving_lead_id is null then 'lead_rejected'
            when
                not coalesce(
                    renamed.campaign_id in (select campaigns.campaign_id from campaigns), false
                )
                then 'campaign_rejected'
        end as reject_reason

    from renamed

    left join leads
        on renamed.raw_lead_id = leads.lead_id

)

select * from classified
