{#- Raw CRM accounts left out of stg_crm__accounts, with the reason. -#}

{{ staging_rejects(['account_id', 'raw_name as account_name', 'raw_is_deleted']) }}
