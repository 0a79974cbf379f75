{#-
    Invoices in major units of their currency (CU03); test invoices and invoices of rejected
    customers are in the rejects.
-#}

with

invoices as (

    select
        invoice_id,
        customer_id,
        subscription_id,
        invoice_number,
        status,
        billing_reason,
        currency,
        created_at,
        period_start_date,
        period_end_date,
        subtotal_amount,
        tax_amount,
        total_amount,
        amount_paid,
        amount_due

    from {{ ref('base_billing__invoices_classified') }}
    where {{ kept_rows() }}

)

select * from invoices
