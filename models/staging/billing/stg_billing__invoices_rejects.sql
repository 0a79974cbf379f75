{#- Raw invoices left out of stg_billing__invoices, with the reason. -#}

with

rejects as (

    select
        invoice_id,
        customer_id,
        raw_livemode,
        reject_reason

    from {{ ref('base_billing__invoices_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
