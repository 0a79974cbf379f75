{#-
    Billing subscriptions. Dates are company-time-zone dates (G7); current_period_end_date and
    ended_date are the first day without service (D2). Test subscriptions (livemode false) and
    subscriptions of customers left out of stg_billing__customers are in the rejects.
-#}

with

source as (

    select * from {{ raw_source('billing', 'subscription') }}

),

customers as (

    select customer_id from {{ ref('stg_billing__customers') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as subscription_id,
        cast(source.customer_id as varchar) as customer_id,

        -- strings
        lower(trim(cast(source.status as varchar))) as status,

        -- booleans
        coalesce(cast(source.cancel_at_period_end as boolean), false) as cancel_at_period_end,
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- dates and timestamps
        {{ utc_timestamp('source.created') }} as created_at,
        {{ company_date('source.start_date') }} as start_date,
        {{ company_date('source.trial_start') }} as trial_start_date,
        {{ company_date('source.trial_end') }} as trial_end_date,
        {{ utc_timestamp('source.canceled_at') }} as canceled_at,
        {{ utc_timestamp('source.ended_at') }} as ended_at,
        {{ company_date('source.ended_at') }} as ended_date,
        {{ company_date('source.current_period_start') }} as current_period_start_date,
        {{ company_date('source.current_period_end') }} as current_period_end_date

    from source

),

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

    from renamed
    where
        is_livemode
        and coalesce(customer_id in (select customers.customer_id from customers), false)

)

select * from subscriptions
