{{ config(materialized='table') }}

{#-
    Every raw Stripe subscription, typed once, with its reject_reason (NULL = kept in
    stg_billing__subscriptions): test_record (livemode false), then unparseable_<column> (a
    date or timestamp that does not parse: safe_cast), ends_before_start (ended before its
    start date), after_as_of_date (starts after var as_of_date), then customer_rejected (the
    customer is not kept in stg_billing__customers).
-#}

{%- set parsed_columns = {
    'created': 'created_at',
    'start_date': 'start_date',
    'trial_start': 'trial_start_date',
    'trial_end': 'trial_end_date',
    'canceled_at': 'canceled_at',
    'ended_at': 'ended_at',
    'current_period_start': 'current_period_start_date',
    'current_period_end': 'current_period_end_date',
} %}

with

source as (

    select * from {{ raw_source('billing', 'subscription') }}

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
        {{ raw_text_columns(['livemode']) }},
        {{ raw_text_columns(parsed_columns) }}

    from source

),

classified as (

    select
        *,
        case
            when not is_livemode then 'test_record'
            {{- unparseable_reasons(parsed_columns) }}
            when ended_date < start_date then 'ends_before_start'
            when start_date > {{ as_of_date() }} then 'after_as_of_date'
            when {{ parent_rejected('customer_id', 'base_billing__customers_classified') }}
                then 'customer_rejected'
        end as reject_reason

    from renamed

)

select * from classified
