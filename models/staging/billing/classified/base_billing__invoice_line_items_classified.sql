{{ config(materialized='table') }}

{#-
    Every raw Stripe invoice line, typed once (amounts in major units), with its reject_reason
    (NULL = kept in stg_billing__invoice_line_items): unparseable_<column> (safe_cast), then
    invoice_rejected, then subscription_item_rejected (a subscription line whose item is set
    aside goes with it, as items go with their subscription).
-#}

{%- set parsed_columns = {
    'quantity': 'quantity',
    'unit_amount': 'unit_amount_minor',
    'amount': 'amount_minor',
    'discount_amount': 'discount_amount_minor',
    'period_start': 'period_start_date',
    'period_end': 'period_end_date',
} %}

with

source as (

    select * from {{ raw_source('billing', 'invoice_line_item') }}

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
        {{ raw_text_columns(parsed_columns) }}

    from source

),

units_converted as (

    {{ major_units_added('renamed', {
        'unit_amount': 'unit_amount_minor',
        'amount': 'amount_minor',
        'discount_amount': 'discount_amount_minor'
    }) }}

),

classified as (

    select
        *,
        case
            {{- unparseable_reasons(parsed_columns) }}
            when {{ parent_rejected('invoice_id', 'base_billing__invoices_classified') }}
                then 'invoice_rejected'
            when {{ parent_rejected(
                'subscription_item_id', 'base_billing__subscription_items_classified', optional=true
            ) }}
                then 'subscription_item_rejected'
        end as reject_reason

    from units_converted

)

select * from classified
