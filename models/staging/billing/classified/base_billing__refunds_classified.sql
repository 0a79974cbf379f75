{{ config(materialized='table') }}

{#-
    Every raw Stripe refund, typed once (amount in major units), with its reject_reason
    (NULL = kept in stg_billing__refunds): charge_rejected.
-#}

with

source as (

    select * from {{ raw_source('billing', 'refund') }}

),

charges as (

    select charge_id from {{ ref('base_billing__charges_classified') }}
    where {{ kept_rows() }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as refund_id,
        cast(source.charge_id as {{ type_text() }}) as charge_id,

        -- strings
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,
        lower(trim(cast(source.status as {{ type_text() }}))) as status,
        lower(trim(cast(source.reason as {{ type_text() }}))) as reason,

        -- numerics (minor units)
        cast(source.amount as decimal(18, 4)) as amount_minor,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

units_converted as (

    select
        renamed.*,
        {{ minor_to_major(
            'renamed.amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount

    from renamed

    left join currency_minor_units
        on renamed.currency = currency_minor_units.currency_code

),

classified as (

    select
        *,
        case
            when not coalesce(charge_id in (select charges.charge_id from charges), false)
                then 'charge_rejected'
        end as reject_reason

    from units_converted

)

select * from classified
