{{ config(materialized='table') }}

{#-
    Every raw Stripe subscription, typed once, with its reject_reason (NULL = kept in
    stg_billing__subscriptions): test_record (livemode false), then customer_rejected (the
    customer is not kept in stg_billing__customers).
-#}

with

source as (

    select * from {{ raw_source('billing', 'subscription') }}

),

customers as (

    select customer_id from {{ ref('base_billing__customers_classified') }}
    where {{ kept_rows() }}

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
        {{ company_date('source.current_period_end') }} as current_period_end_date,

        -- raw text of the deciding column (stg_billing__subscriptions_rejects)
        cast(source.livemode as varchar) as raw_livemode

    from source

),

classified as (

    select
        *,
        case
            when not is_livemode then 'test_record'
            when not coalesce(customer_id in (select customers.customer_id from customers), false)
                then 'customer_rejected'
        end as reject_reason

    from renamed

)

select * from classified
