{#- Raw billing customers left out of stg_billing__customers, with the reason. -#}

{{ staging_rejects(['customer_id', 'raw_is_deleted', 'raw_livemode']) }}
