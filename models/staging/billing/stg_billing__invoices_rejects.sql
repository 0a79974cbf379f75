{#- Raw invoices left out of stg_billing__invoices, with the reason. -#}

{{ staging_rejects(['invoice_id', 'customer_id', 'raw_livemode']) }}
