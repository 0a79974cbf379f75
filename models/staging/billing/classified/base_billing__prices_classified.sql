{{ config(materialized='table') }}

{#-
    Every raw Stripe price, typed once (major units, billing period in months), with its
    reject_reason (NULL = kept in stg_billing__prices): soft_deleted, then unparseable_unit_amount /
    unparseable_recurring_interval_count (safe_cast) and negative_amount.
-#}

{%- set parsed_columns = {
    'unit_amount': 'unit_amount_minor',
    'recurring_interval_count': 'billing_interval_count',
} %}

with

source as (

    select * from {{ raw_source('billing', 'price') }}

),

billing_interval_months as (

    select * from {{ ref('billing_interval_months') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as price_id,
        cast(source.product_id as {{ type_text() }}) as product_id,

        -- strings
        trim(cast(source.nickname as {{ type_text() }})) as price_nickname,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,
        lower(trim(cast(source.type as {{ type_text() }}))) as price_type,
        nullif(lower(trim(cast(source.recurring_interval as {{ type_text() }}))), '')
            as billing_interval,
        nullif(lower(trim(cast(source.recurring_usage_type as {{ type_text() }}))), '')
            as usage_type,

        -- numerics
        {{ safe_cast('source.unit_amount', 'decimal(18, 4)') }} as unit_amount_minor,
        {{ safe_cast('source.recurring_interval_count', 'integer') }} as billing_interval_count,

        -- booleans
        coalesce(cast(source.active as boolean), false) as is_active,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at,

        -- raw text of the deciding column (stg_billing__prices_rejects)
        {{ raw_text_columns(['is_deleted']) }},
        {{ raw_text_columns(parsed_columns) }}

    from source

),

units_converted as (

    {{ major_units_added('renamed', {'unit_amount': 'unit_amount_minor'}) }}

),

billing_periods_added as (

    select
        units_converted.*,
        cast(
            billing_interval_months.months_numerator
            * coalesce(units_converted.billing_interval_count, 1) as {{ type_double() }}
        )
        / billing_interval_months.months_denominator as billing_period_months

    from units_converted

    left join billing_interval_months
        on units_converted.billing_interval = billing_interval_months.billing_interval

),

classified as (

    select
        *,
        case
            when is_deleted then 'soft_deleted'
            {{- unparseable_reasons(parsed_columns) }}
            when unit_amount_minor < 0 then 'negative_amount'
        end as reject_reason

    from billing_periods_added

)

select * from classified
