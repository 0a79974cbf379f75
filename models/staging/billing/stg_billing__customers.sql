{#- Billing customers; test (livemode false) and deleted customers are in the rejects. -#}

with

customers as (

    select
        customer_id,
        email,
        customer_name,
        created_at,
        currency,
        crm_account_id

    from {{ ref('base_billing__customers_classified') }}
    where {{ kept_rows() }}

)

select * from customers
