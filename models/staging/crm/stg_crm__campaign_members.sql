{#-
    Leads' memberships of campaigns. A member whose lead was a duplicate is moved to the kept
    lead (G12); members of deleted or test leads or campaigns are in the rejects.
-#}

with

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

    from {{ ref('base_crm__campaign_members_classified') }}
    where {{ kept_rows() }}

)

select * from campaign_members
