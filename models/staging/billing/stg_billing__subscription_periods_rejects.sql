{#- Raw subscription periods left out of stg_billing__subscription_periods, with the reason. -#}

{{ staging_rejects([
    'subscription_period_id',
    'customer_id',
    'raw_subscription_id',
    'plan_name',
    'currency',
    'raw_start_date',
    'raw_end_date',
    'raw_mrr',
    'raw_amount',
    'raw_quantity',
    'raw_discount_amount',
    'raw_billing_interval_count',
]) }}
