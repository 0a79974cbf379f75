{#- Raw discounts left out of stg_billing__discounts, with the reason. -#}

{{ staging_rejects(['discount_id', 'customer_id', 'raw_subscription_id as subscription_id']) }}
