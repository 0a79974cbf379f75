{#- Raw charges left out of stg_billing__charges, with the reason. -#}

{{ staging_rejects(['charge_id', 'customer_id', 'raw_livemode']) }}
