{#- Raw CRM campaigns left out of stg_crm__campaigns, with the reason. -#}

{{ staging_rejects(['campaign_id', 'raw_is_deleted']) }}
