{#-
    Raw CRM leads left out of stg_crm__leads: soft_deleted, test_record, or duplicate_email
    (another live lead with the same lower(trim(email)) was created earlier; kept_lead_id
    names it). Classified once in base_crm__leads_classified.
-#}

with

rejects as (

    select
        lead_id,
        raw_email,
        raw_company,
        raw_created_date,
        raw_is_deleted,
        reject_reason,
        kept_lead_id

    from {{ ref('base_crm__leads_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
