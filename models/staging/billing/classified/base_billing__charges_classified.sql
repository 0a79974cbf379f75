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

customers as (

    select customer_id from {{ ref('base_billing__customers_classified') }}
    where {{ kept_rows() }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

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
        cast(source.livemode as {{ type_text() }}) as raw_livemode

    from source

),

units_converted as (

    select
        renamed.*,
        {{ minor_to_major(
            'renamed.amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount,
        {{ minor_to_major(
            'renamed.amount_refunded_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_refunded

    from renamed

    left join currency_minor_units
        on renamed.currency = currency_minor_units.currency_code

),

classified as (

    select
        *,
        case
            when not is_livemode then 'test_record'
            when not coalesce(customer_id in (select customers.customer_id from customers), false)
                then 'customer_rejected'
        end as reject_reason

    from units_converted

)

select * from classified
