{{ config(materialized='table') }}

{#-
    Every raw Stripe subscription, typed once, with its reject_reason (NULL = kept in
    stg_billing__subscriptions): test_record (livemode false), then unparseable_<column> (a
    date or timestamp that does not parse: safe_cast), ends_before_start (ended before its
    start date), after_as_of_date (starts after var as_of_date), then customer_rejected (the
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
        cast(source.id as {{ type_text() }}) as subscription_id,
        cast(source.customer_id as {{ type_text() }}) as customer_id,

        -- strings
        lower(trim(cast(source.status as {{ type_text() }}))) as status,

        -- booleans
        coalesce(cast(source.cancel_at_period_end as boolean), false) as cancel_at_period_end,
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- dates and timestamps
        {{ utc_timestamp('source.created', safe=true) }} as created_at,
        {{ company_date('source.start_date', safe=true) }} as start_date,
        {{ company_date('source.trial_start', safe=true) }} as trial_start_date,
        {{ company_date('source.trial_end', safe=true) }} as trial_end_date,
        {{ utc_timestamp('source.canceled_at', safe=true) }} as canceled_at,
        {{ utc_timestamp('source.ended_at', safe=true) }} as ended_at,
        {{ company_date('source.ended_at', safe=true) }} as ended_date,
        {{ company_date('source.current_period_start', safe=true) }} as current_period_start_date,
        {{ company_date('source.current_period_end', safe=true) }} as current_period_end_date,

        -- raw text of the deciding column (stg_billing__subscriptions_rejects)
        cast(source.livemode as {{ type_text() }}) as raw_livemode,
        cast(source.created as {{ type_text() }}) as raw_created,
        cast(source.start_date as {{ type_text() }}) as raw_start_date,
        cast(source.trial_start as {{ type_text() }}) as raw_trial_start,
        cast(source.trial_end as {{ type_text() }}) as raw_trial_end,
        cast(source.canceled_at as {{ type_text() }}) as raw_canceled_at,
        cast(source.ended_at as {{ type_text() }}) as raw_ended_at,
        cast(source.current_period_start as {{ type_text() }}) as raw_current_period_start,
        cast(source.current_period_end as {{ type_text() }}) as raw_current_period_end

    from source

),

classified as (

    select
        *,
        case
            when not is_livemode then 'test_record'
            when {{ unparseable('raw_created', 'created_at') }} then 'unparseable_created'
            when {{ unparseable('raw_start_date', 'start_date') }} then 'unparseable_start_date'
            when {{ unparseable('raw_trial_start', 'trial_start_date') }}
                then 'unparseable_trial_start'
            when {{ unparseable('raw_trial_end', 'trial_end_date') }} then 'unparseable_trial_end'
            when {{ unparseable('raw_canceled_at', 'canceled_at') }} then 'unparseable_canceled_at'
            when {{ unparseable('raw_ended_at', 'ended_at') }} then 'unparseable_ended_at'
            when {{ unparseable('raw_current_period_start', 'current_period_start_date') }}
                then 'unparseable_current_period_start'
            when {{ unparseable('raw_current_period_end', 'current_period_end_date') }}
                then 'unparseable_current_period_end'
            when ended_date < start_date then 'ends_before_start'
            when start_date > {{ as_of_date() }} then 'after_as_of_date'
            when not coalesce(customer_id in (select customers.customer_id from customers), false)
                then 'customer_rejected'
        end as reject_reason

    from renamed

)

select * from classified
