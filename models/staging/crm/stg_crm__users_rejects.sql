{#- Raw CRM users left out of stg_crm__users, with the reason. -#}

{{ staging_rejects(['user_id', 'raw_fivetran_deleted']) }}
