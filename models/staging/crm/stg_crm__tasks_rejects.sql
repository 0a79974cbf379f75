{#- Raw tasks left out of stg_crm__tasks, with the reason. -#}

{{ staging_rejects(['task_id', 'raw_lead_id', 'raw_is_deleted']) }}
