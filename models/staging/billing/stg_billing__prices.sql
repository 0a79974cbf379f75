{#-
    Billing prices in major units (CU03) with the length of one billing period in months
    (G3, PN01): months per interval from seed billing_interval_months, times the interval
    count. A recurring interval missing from the seed fails the build.
-#}

with

source as (

    select * from {{ raw_source('billing', 'price') }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

billing_interval_months as (

    select * from {{ ref('billing_interval_months') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as price_id,
        cast(source.product_id as varchar) as product_id,

        -- strings
        trim(cast(source.nickname as varchar)) as price_nickname,
        upper(trim(cast(source.currency as varchar))) as currency,
        lower(trim(cast(source.type as varchar))) as price_type,
        nullif(lower(trim(cast(source.recurring_interval as varchar))), '') as billing_interval,
        nullif(lower(trim(cast(source.recurring_usage_type as varchar))), '') as usage_type,

        -- numerics
        cast(source.unit_amount as decimal(18, 4)) as unit_amount_minor,
        cast(source.recurring_interval_count as integer) as billing_interval_count,

        -- booleans
        coalesce(cast(source.active as boolean), false) as is_active,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

live_prices as (

    select * from renamed
    where not is_deleted

),

units_converted as (

    select
        live_prices.*,
        {{ minor_to_major(
            'live_prices.unit_amount_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as unit_amount,
        cast(
            billing_interval_months.months_numerator
            * coalesce(live_prices.billing_interval_count, 1) as double
        )
        / billing_interval_months.months_denominator as billing_period_months

    from live_prices

    left join currency_minor_units
        on live_prices.currency = currency_minor_units.currency_code

    left join billing_interval_months
        on live_prices.billing_interval = billing_interval_months.billing_interval

),

prices as (

    select
        price_id,
        product_id,
        price_nickname,
        currency,
        unit_amount,
        price_type,
        billing_interval,
        billing_interval_count,
        billing_period_months,
        usage_type,
        is_active,
        created_at

    from units_converted

)

select * from prices
