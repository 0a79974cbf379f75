{#-
    Charges in major units (CU03); test charges and charges of rejected customers are in
    the rejects.
-#}

with

source as (

    select * from {{ raw_source('billing', 'charge') }}

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
        cast(source.id as varchar) as charge_id,
        cast(source.customer_id as varchar) as customer_id,
        nullif(trim(cast(source.invoice_id as varchar)), '') as invoice_id,

        -- strings
        upper(trim(cast(source.currency as varchar))) as currency,
        lower(trim(cast(source.status as varchar))) as status,

        -- numerics (minor units)
        cast(source.amount as decimal(18, 4)) as amount_minor,
        cast(source.amount_refunded as decimal(18, 4)) as amount_refunded_minor,

        -- booleans
        coalesce(cast(source.paid as boolean), false) as is_paid,
        coalesce(cast(source.refunded as boolean), false) as is_refunded,
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

live_charges as (

    select * from renamed
    where
        is_livemode
        and coalesce(customer_id in (select customers.customer_id from customers), false)

),

charges as (

    select
        live_charges.charge_id,
        live_charges.customer_id,
        live_charges.invoice_id,
        {{ minor_to_major(
            'live_charges.amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount,
        {{ minor_to_major(
            'live_charges.amount_refunded_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_refunded,
        live_charges.currency,
        live_charges.status,
        live_charges.is_paid,
        live_charges.is_refunded,
        live_charges.created_at

    from live_charges

    left join currency_minor_units
        on live_charges.currency = currency_minor_units.currency_code

)

select * from charges
