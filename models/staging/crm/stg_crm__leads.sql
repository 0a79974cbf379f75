{#-
    CRM leads, one row per buyer (G12): the rows of base_crm__leads_classified without a
    reject_reason (soft-deleted and test leads dropped, then de-duplicated on lower(trim(email))
    keeping the earliest created record, ties: lowest lead_id). Every dropped row is in
    stg_crm__leads_rejects (DD02).
-#}

with

leads as (

    select
        lead_id,
        email,
        first_name,
        last_name,
        company,
        title,
        industry,
        country,
        employee_count,
        lead_source,
        lead_source_key,
        channel,
        is_paid_channel,
        status,
        owner_user_id,
        created_at,
        created_date,
        is_converted,
        converted_date,
        converted_account_id,
        converted_opportunity_id,
        sales_qualified_at,
        sales_qualified_date,
        utm_campaign

    from {{ ref('base_crm__leads_classified') }}
    where {{ kept_rows() }}

)

select * from leads
