{#- Raw billing products left out of stg_billing__products, with the reason. -#}

{{ staging_rejects(['product_id', 'raw_is_deleted']) }}
