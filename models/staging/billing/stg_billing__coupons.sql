{#- Coupons: percent_off as a ratio 0-1, amount_off in major units of its currency (CU03). -#}

with

source as (

    select * from {{ raw_source('billing', 'coupon') }}

),

currency_minor_units as (

    select * from {{ ref('currency_minor_units') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as coupon_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as coupon_name,
        upper(nullif(trim(cast(source.currency as {{ type_text() }})), '')) as currency,
        lower(trim(cast(source.duration as {{ type_text() }}))) as duration,

        -- numerics
        cast(source.percent_off as {{ type_double() }}) / 100 as percent_off,
        cast(source.amount_off as decimal(18, 4)) as amount_off_minor,
        cast(source.duration_in_months as integer) as duration_in_months,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

coupons as (

    select
        renamed.coupon_id,
        renamed.coupon_name,
        renamed.percent_off,
        {{ minor_to_major(
            'renamed.amount_off_minor',
            'currency_minor_units.minor_unit_exponent'
        ) }} as amount_off,
        renamed.currency,
        renamed.duration,
        renamed.duration_in_months,
        renamed.created_at

    from renamed

    left join currency_minor_units
        on renamed.currency = currency_minor_units.currency_code

)

select * from coupons
