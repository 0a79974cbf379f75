{#-
    Billing subscriptions. Dates are company-time-zone dates (G7); current_period_end_date and
    ended_date are the first day without service (D2). Test subscriptions (livemode false) and
    subscriptions of customers left out of stg_billing__customers are in the rejects.
-#}

with

subscriptions as (

    select
        subscription_id,
        customer_id,
        status,
        created_at,
        start_date,
        trial_start_date,
        trial_end_date,
        cancel_at_period_end,
        canceled_at,
        ended_at,
        ended_date,
        current_period_start_date,
        current_period_end_date

    from {{ ref('base_billing__subscriptions_classified') }}
    where {{ kept_rows() }}

)

select * from subscriptions
