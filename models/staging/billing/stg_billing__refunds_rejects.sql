{#- Raw refunds left out of stg_billing__refunds, with the reason. -#}

{{ staging_rejects(['refund_id', 'charge_id']) }}
