{#-
    Charges in major units (CU03); test charges and charges of rejected customers are in
    the rejects.
-#}

with

charges as (

    select
        charge_id,
        customer_id,
        invoice_id,
        amount,
        amount_refunded,
        currency,
        status,
        is_paid,
        is_refunded,
        created_at

    from {{ ref('base_billing__charges_classified') }}
    where {{ kept_rows() }}

)

select * from charges
