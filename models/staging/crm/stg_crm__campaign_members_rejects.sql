{#- Raw campaign members left out of stg_crm__campaign_members, with the reason. -#}

with

rejects as (

    select
        campaign_member_id,
        campaign_id,
        raw_lead_id,
        raw_is_deleted,
        reject_reason

    from {{ ref('base_crm__campaign_members_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
