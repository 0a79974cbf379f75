{#-
    Invoices in major units of their currency (CU03); test invoices and invoices of rejected
    customers are in the rejects.
-#}

with

source as (

    select * from {{ raw_source('billing', 'invoice') }}

),

customers as (

    select customer_id from {{ ref('stg_billing__customers') }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as invoice_id,
        cast(source.customer_id as varchar) as customer_id,
        nullif(trim(cast(source.subscription_id as varchar)), '') as subscription_id,

        -- strings
        trim(cast(source.number as varchar)) as invoice_number,
        lower(trim(cast(source.status as varchar))) as status,
        lower(trim(cast(source.billing_reason as varchar))) as billing_reason,
        upper(trim(cast(source.currency as varchar))) as currency,

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
        {{ company_date('source.period_end') }} as period_end_date

    from source

),

live_invoices as (

    select * from renamed
    where
        is_livemode
        and coalesce(customer_id in (select customers.customer_id from customers), false)

),

invoices as (

    select
        live_invoices.invoice_id,
        live_invoices.customer_id,
        live_invoices.subscription_id,
        live_invoices.invoice_number,
        live_invoices.status,
        live_invoices.billing_reason,
        live_invoices.currency,
        live_invoices.created_at,
        live_invoices.period_start_date,
        live_invoices.period_end_date,
        {{ minor_to_major(
            'live_invoices.subtotal_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as subtotal_amount,
        {{ minor_to_major(
            'live_invoices.tax_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as tax_amount,
        {{ minor_to_major(
            'live_invoices.total_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as total_amount,
        {{ minor_to_major(
            'live_invoices.amount_paid_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_paid,
        {{ minor_to_major(
            'live_invoices.amount_due_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_due

    from live_invoices

    left join currency_minor_units
        on live_invoices.currency = currency_minor_units.currency_code

)

select * from invoices
