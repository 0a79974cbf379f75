{{ config(materialized='table') }}

{#-
    Every raw Stripe invoice, typed once (amounts in major units), with its reject_reason
    (NULL = kept in stg_billing__invoices): test_record (livemode false), then
    customer_rejected.
-#}

with

source as (

    select * from {{ raw_source('billing', 'invoice') }}

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
        cast(source.id as {{ type_text() }}) as invoice_id,
        cast(source.customer_id as {{ type_text() }}) as customer_id,
        nullif(trim(cast(source.subscription_id as {{ type_text() }})), '') as subscription_id,

        -- strings
        trim(cast(source.number as {{ type_text() }})) as invoice_number,
        lower(trim(cast(source.status as {{ type_text() }}))) as status,
        lower(trim(cast(source.billing_reason as {{ type_text() }}))) as billing_reason,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,

        -- numerics (minor units)
        cast(source.subtotal as decimal(18, 4)) as subtotal_minor,
        cast(source.tax as decimal(18, 4)) as tax_minor,
        cast(source.total as decimal(18, 4)) as total_minor,
        cast(source.amount_paid as decimal(18, 4)) as amount_paid_minor,
        cast(source.amount_due as decimal(18, 4)) as amount_due_minor,

        -- booleans
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- dates and timestamps
        {{ utc_timestamp('source.created') }} as created_at,
        {{ company_date('source.period_start') }} as period_start_date,
        {{ company_date('source.period_end') }} as period_end_date,

        -- raw text of the deciding column (stg_billing__invoices_rejects)
        cast(source.livemode as {{ type_text() }}) as raw_livemode

    from source

),

units_converted as (

    select
        renamed.*,
        {{ minor_to_major(
            'renamed.subtotal_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as subtotal_amount,
        {{ minor_to_major(
            'renamed.tax_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as tax_amount,
        {{ minor_to_major(
            'renamed.total_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as total_amount,
        {{ minor_to_major(
            'renamed.amount_paid_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_paid,
        {{ minor_to_major(
            'renamed.amount_due_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_due

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
