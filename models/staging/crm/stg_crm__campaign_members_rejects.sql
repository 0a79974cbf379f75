{#- Raw campaign members left out of stg_crm__campaign_members, with the reason. -#}

{{ staging_rejects(['campaign_member_id', 'campaign_id', 'raw_lead_id', 'raw_is_deleted']) }}
