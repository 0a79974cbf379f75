{#- Raw billing prices left out of stg_billing__prices, with the reason. -#}

{{ staging_rejects([
    'price_id',
    'raw_is_deleted',
    'raw_unit_amount',
    'raw_recurring_interval_count',
]) }}
