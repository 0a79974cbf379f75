{{ config(materialized='table') }}

{#-
    Every raw Stripe charge, typed once (amounts in major units), with its reject_reason
    (NULL = kept in stg_billing__charges): test_record (livemode false), then
    customer_rejected.
-#}

with

source as (

    select * from {{ raw_source('billing', 'charge') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as charge_id,
        cast(source.customer_id as {{ type_text() }}) as customer_id,
        nullif(trim(cast(source.invoice_id as {{ type_text() }})), '') as invoice_id,

        -- strings
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,
        lower(trim(cast(source.status as {{ type_text() }}))) as status,

        -- numerics (minor units)
        cast(source.amount as decimal(18, 4)) as amount_minor,
        cast(source.amount_refunded as decimal(18, 4)) as amount_refunded_minor,

        -- booleans
        coalesce(cast(source.paid as boolean), false) as is_paid,
        coalesce(cast(source.refunded as boolean), false) as is_refunded,
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at,

        -- raw text of the deciding column (stg_billing__charges_rejects)
        {{ raw_text_columns(['livemode']) }}

    from source

),

units_converted as (

    {{ major_units_added('renamed', {
        'amount': 'amount_minor',
        'amount_refunded': 'amount_refunded_minor'
    }) }}

),

classified as (

    select
        *,
        case
            when not is_livemode then 'test_record'
            when {{ parent_rejected('customer_id', 'base_billing__customers_classified') }}
                then 'customer_rejected'
        end as reject_reason

    from units_converted

)

select * from classified
