{#- Raw opportunity versions left out of stg_crm__opportunity_stage_history, with the reason. -#}

{{ staging_rejects([
    'opportunity_id',
    'raw_fivetran_start',
    'raw_is_deleted',
]) }}
