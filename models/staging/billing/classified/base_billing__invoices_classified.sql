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
        {{ raw_text_columns(['livemode']) }}

    from source

),

units_converted as (

    {{ major_units_added('renamed', {
        'subtotal_amount': 'subtotal_minor',
        'tax_amount': 'tax_minor',
        'total_amount': 'total_minor',
        'amount_paid': 'amount_paid_minor',
        'amount_due': 'amount_due_minor'
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
