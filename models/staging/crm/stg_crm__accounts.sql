{#- CRM accounts: segment normalised, Stripe customer link kept as billing_customer_id. -#}

with

accounts as (

    select
        account_id,
        account_name,
        industry,
        country_code,
        employee_count,
        account_type,
        account_source,
        segment_key,
        segment,
        owner_user_id,
        billing_customer_id,
        created_at

    from {{ ref('base_crm__accounts_classified') }}
    where {{ kept_rows() }}

)

select * from accounts
