{{ config(materialized='table') }}

{#-
    Every raw Stripe invoice line, typed once (amounts in major units), with its reject_reason
    (NULL = kept in stg_billing__invoice_line_items): unparseable_<column> (safe_cast), then
    invoice_rejected.
-#}

with

source as (

    select * from {{ raw_source('billing', 'invoice_line_item') }}

),

invoices as (

    select invoice_id from {{ ref('base_billing__invoices_classified') }}
    where {{ kept_rows() }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as invoice_line_item_id,
        cast(source.invoice_id as {{ type_text() }}) as invoice_id,
        nullif(trim(cast(source.subscription_id as {{ type_text() }})), '') as subscription_id,
        nullif(trim(cast(source.subscription_item_id as {{ type_text() }})), '')
            as subscription_item_id,
        nullif(trim(cast(source.price_id as {{ type_text() }})), '') as price_id,

        -- strings
        lower(trim(cast(source.type as {{ type_text() }}))) as line_type,
        trim(cast(source.description as {{ type_text() }})) as line_description,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,

        -- numerics (minor units)
        {{ safe_cast('source.quantity', 'integer') }} as quantity,
        {{ safe_cast('source.unit_amount', 'decimal(18, 4)') }} as unit_amount_minor,
        {{ safe_cast('source.amount', 'decimal(18, 4)') }} as amount_minor,
        {{ safe_cast('source.discount_amount', 'decimal(18, 4)') }} as discount_amount_minor,

        -- booleans
        coalesce(cast(source.proration as boolean), false) as is_proration,

        -- dates
        {{ company_date('source.period_start', safe=true) }} as period_start_date,
        {{ company_date('source.period_end', safe=true) }} as period_end_date,

        -- raw text of the parsed columns (stg_billing__invoice_line_items_rejects)
        cast(source.quantity as {{ type_text() }}) as raw_quantity,
        cast(source.unit_amount as {{ type_text() }}) as raw_unit_amount,
        cast(source.amount as {{ type_text() }}) as raw_amount,
        cast(source.discount_amount as {{ type_text() }}) as raw_discount_amount,
        cast(source.period_start as {{ type_text() }}) as raw_period_start,
        cast(source.period_end as {{ type_text() }}) as raw_period_end

    from source

),

units_converted as (

    select
        renamed.*,
        {{ minor_to_major(
            'renamed.unit_amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as unit_amount,
        {{ minor_to_major(
            'renamed.amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount,
        {{ minor_to_major(
            'renamed.discount_amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as discount_amount

    from renamed

    left join currency_minor_units
        on renamed.currency = currency_minor_units.currency_code

),

classified as (

    select
        *,
        case
            when {{ unparseable('raw_quantity', 'quantity') }} then 'unparseable_quantity'
            when {{ unparseable('raw_unit_amount', 'unit_amount_minor') }}
                then 'unparseable_unit_amount'
            when {{ unparseable('raw_amount', 'amount_minor') }} then 'unparseable_amount'
            when {{ unparseable('raw_discount_amount', 'discount_amount_minor') }}
                then 'unparseable_discount_amount'
            when {{ unparseable('raw_period_start', 'period_start_date') }}
                then 'unparseable_period_start'
            when {{ unparseable('raw_period_end', 'period_end_date') }}
                then 'unparseable_period_end'
            when not coalesce(invoice_id in (select invoices.invoice_id from invoices), false)
                then 'invoice_rejected'
        end as reject_reason

    from units_converted

)

select * from classified
