{#- Raw subscription items left out of stg_billing__subscription_items, with the reason. -#}

{{ staging_rejects(['subscription_item_id', 'subscription_id', 'raw_quantity', 'raw_created']) }}
