{#- Refunds in major units (CU03); refunds of rejected charges are in the rejects. -#}

with

source as (

    select * from {{ raw_source('billing', 'refund') }}

),

charges as (

    select charge_id from {{ ref('stg_billing__charges') }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as refund_id,
        cast(source.charge_id as varchar) as charge_id,

        -- strings
        upper(trim(cast(source.currency as varchar))) as currency,
        lower(trim(cast(source.status as varchar))) as status,
        lower(trim(cast(source.reason as varchar))) as reason,

        -- numerics (minor units)
        cast(source.amount as decimal(18, 4)) as amount_minor,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

live_refunds as (

    select * from renamed
    where coalesce(charge_id in (select charges.charge_id from charges), false)

),

refunds as (

    select
        live_refunds.refund_id,
        live_refunds.charge_id,
        {{ minor_to_major(
            'live_refunds.amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount,
        live_refunds.currency,
        live_refunds.status,
        live_refunds.reason,
        live_refunds.created_at

    from live_refunds

    left join currency_minor_units
        on live_refunds.currency = currency_minor_units.currency_code

)

select * from refunds
