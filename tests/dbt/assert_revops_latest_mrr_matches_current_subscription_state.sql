{#-
    The history rebuilt from invoice lines (SH01) must land on today's state: at the
    last report month-end, every customer's gross MRR from int_customer_mrr_month_ends
    equals the MRR priced from the current subscription items of its live, non-trial
    subscriptions (recurring licensed prices, G2/G3). Returns customers that differ by
    more than 0.005 in native currency.
-#}

{#- Stripe layout only: the simple billing layout has no current subscription state. -#}
{{ config(enabled=var('billing_layout', 'stripe') == 'stripe') }}

with

last_month as (

    select max(month_end) as month_end

    from {{ ref('dim_months') }}

),

subscriptions as (

    select
        subscription_id,
        customer_id,
        status,
        trial_end_date,
        ended_date

    from {{ ref('stg_billing__subscriptions') }}

),

subscription_items as (

    select
        subscription_id,
        price_id,
        quantity

    from {{ ref('stg_billing__subscription_items') }}

),

prices as (

    select
        price_id,
        unit_amount,
        price_type,
        billing_period_months,
        usage_type

    from {{ ref('stg_billing__prices') }}

),

customer_mrr_month_ends as (

    select
        customer_id,
        month_end,
        gross_mrr_native

    from {{ ref('int_customer_mrr_month_ends') }}

),

current_state_mrr as (

    select
        subscriptions.customer_id,
        sum(subscription_items.quantity * prices.unit_amount / prices.billing_period_months)
            as mrr_native

    from subscriptions

    cross join last_month

    inner join subscription_items
        on subscriptions.subscription_id = subscription_items.subscription_id

    inner join prices
        on subscription_items.price_id = prices.price_id

    where
        subscriptions.status in ('active', 'past_due')
        and (subscriptions.ended_date is null or subscriptions.ended_date > last_month.month_end)
        and (
            subscriptions.trial_end_date is null
            or subscriptions.trial_end_date <= last_month.month_end
        )
        and prices.price_type = 'recurring'
        and coalesce(prices.usage_type, 'licensed') != 'metered'
        and prices.unit_amount > 0

    group by 1

),

history_mrr as (

    select
        customer_mrr_month_ends.customer_id,
        customer_mrr_month_ends.gross_mrr_native as mrr_native

    from customer_mrr_month_ends

    inner join last_month
        on customer_mrr_month_ends.month_end = last_month.month_end

),

compared as (

    select
        coalesce(current_state_mrr.customer_id, history_mrr.customer_id) as customer_id,
        current_state_mrr.mrr_native as current_state_mrr_native,
        history_mrr.mrr_native as history_mrr_native

    from current_state_mrr

    full outer join history_mrr
        on current_state_mrr.customer_id = history_mrr.customer_id

),

mismatches as (

    select * from compared
    where abs(coalesce(current_state_mrr_native, 0) - coalesce(history_mrr_native, 0)) > 0.005

)

select * from mismatches
