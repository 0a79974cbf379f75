{#-
    Invoice lines in major units of their currency: minor units / 10^exponent of the currency
    (CU03; USD 2, JPY and KRW 0), currency codes matched case-insensitively. period_end_date is
    exclusive (the first day the line does not pay for). Lines of rejected invoices are in the
    rejects.
-#}

with

source as (

    select * from {{ raw_source('billing', 'invoice_line_item') }}

),

invoices as (

    select invoice_id from {{ ref('stg_billing__invoices') }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as invoice_line_item_id,
        cast(source.invoice_id as varchar) as invoice_id,
        nullif(trim(cast(source.subscription_id as varchar)), '') as subscription_id,
        nullif(trim(cast(source.subscription_item_id as varchar)), '') as subscription_item_id,
        nullif(trim(cast(source.price_id as varchar)), '') as price_id,

        -- strings
        lower(trim(cast(source.type as varchar))) as line_type,
        trim(cast(source.description as varchar)) as line_description,
        upper(trim(cast(source.currency as varchar))) as currency,

        -- numerics (minor units)
        cast(source.quantity as integer) as quantity,
        cast(source.unit_amount as decimal(18, 4)) as unit_amount_minor,
        cast(source.amount as decimal(18, 4)) as amount_minor,
        cast(source.discount_amount as decimal(18, 4)) as discount_amount_minor,

        -- booleans
        coalesce(cast(source.proration as boolean), false) as is_proration,

        -- dates
        {{ company_date('source.period_start') }} as period_start_date,
        {{ company_date('source.period_end') }} as period_end_date

    from source

),

live_lines as (

    select * from renamed
    where coalesce(invoice_id in (select invoices.invoice_id from invoices), false)

),

invoice_line_items as (

    select
        live_lines.invoice_line_item_id,
        live_lines.invoice_id,
        live_lines.subscription_id,
        live_lines.subscription_item_id,
        live_lines.price_id,
        live_lines.line_type,
        live_lines.line_description,
        live_lines.is_proration,
        live_lines.period_start_date,
        live_lines.period_end_date,
        live_lines.quantity,
        {{ minor_to_major(
            'live_lines.unit_amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as unit_amount,
        {{ minor_to_major(
            'live_lines.amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount,
        {{ minor_to_major(
            'live_lines.discount_amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as discount_amount,
        live_lines.currency

    from live_lines

    left join currency_minor_units
        on live_lines.currency = currency_minor_units.currency_code

)

select * from invoice_line_items
