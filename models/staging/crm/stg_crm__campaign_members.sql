{#-
    Leads' memberships of campaigns. A member whose lead was a duplicate is moved to the kept
    lead (G12); members of deleted or test leads or campaigns are in the rejects.
-#}

with

source as (

    select * from {{ raw_source('crm', 'campaign_member') }}

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

campaigns as (

    select campaign_id from {{ ref('stg_crm__campaigns') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as campaign_member_id,
        cast(source.campaign_id as varchar) as campaign_id,
        cast(source.lead_id as varchar) as raw_lead_id,

        -- strings
        lower(trim(cast(source.status as varchar))) as status,

        -- booleans
        coalesce(cast(source.has_responded as boolean), false) as has_responded,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        {{ company_date('source.first_responded_date') }} as first_responded_date,
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

live_members as (

    select * from leads_resolved
    where
        not is_deleted
        and lead_id in (select leads.lead_id from leads)
        and campaign_id in (select campaigns.campaign_id from campaigns)

),

campaign_members as (

    select
        campaign_member_id,
        campaign_id,
        lead_id,
        raw_lead_id,
        status,
        has_responded,
        first_responded_date,
        created_at

    from live_members

)

select * from campaign_members
