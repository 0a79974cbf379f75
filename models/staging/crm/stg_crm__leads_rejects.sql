{#-
    Raw CRM leads left out of stg_crm__leads: soft_deleted, test_record, or duplicate_email
    (another live lead with the same lower(trim(email)) was created earlier; kept_lead_id
    names it). Classified once in base_crm__leads_classified.
-#}

{{ staging_rejects([
    'lead_id',
    'raw_email',
    'raw_company',
    'raw_created_date',
    'raw_is_deleted',
], trailing_columns=['kept_lead_id']) }}
