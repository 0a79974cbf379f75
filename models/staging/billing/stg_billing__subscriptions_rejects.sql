{#- Raw subscriptions left out of stg_billing__subscriptions, with the reason. -#}

{{ staging_rejects([
    'subscription_id',
    'customer_id',
    'raw_livemode',
    'raw_created',
    'raw_start_date',
    'raw_trial_start',
    'raw_trial_end',
    'raw_canceled_at',
    'raw_ended_at',
    'raw_current_period_start',
    'raw_current_period_end',
]) }}
