{#- Coupons: percent_off as a ratio 0-1, amount_off in major units of its currency (CU03). -#}

with

source as (

    select * from {{ raw_source('billing', 'coupon') }}

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

units_converted as (

    {{ major_units_added('renamed', {'amount_off': 'amount_off_minor'}) }}

),

coupons as (

    select
        coupon_id,
        coupon_name,
        percent_off,
        amount_off,
        currency,
        duration,
        duration_in_months,
        created_at

    from units_converted

)

select * from coupons
