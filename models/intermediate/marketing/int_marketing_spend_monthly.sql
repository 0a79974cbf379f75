{#-
    Channel-attributed marketing spend per month in the reporting currency: ad-platform
    daily spend (int_ad_spend_daily) converted at the month's FX rate (int_fx_rates_monthly),
    plus finance `programs` costs that name a channel, already converted in
    int_sales_marketing_costs_converted (M09 default: program spend, not salaries or tools).
    Platform-reported conversions and conversion value (converted by the same rule as
    spend) with the ad spend of the days that report them: NULL when no platform of the
    channel reports conversions (issue 12). Read by CPL, CAC and the RevOps ROI model.
-#}

with

ad_spend_daily as (

    select
        spend_date,
        channel,
        spend_amount_native,
        currency,
        platform_conversions,
        platform_conversion_value_native

    from {{ ref('int_ad_spend_daily') }}

),

channel_program_costs as (

    select
        month_start,
        channel,
        amount_reporting

    from {{ ref('int_sales_marketing_costs_converted') }}

    where is_channel_program

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

channels as (

    select distinct
        channel,
        is_paid

    from {{ ref('channel_mapping') }}

),

ad_spend_native as (

    -- native amounts summed first (decimal, exact), converted once per month, channel and
    -- currency (one rounding per row, byte-identical rebuilds)
    select
        {{ month_start('spend_date') }} as month_start,
        coalesce(channel, 'unknown') as channel,
        currency,
        sum(spend_amount_native) as amount,
        -- platform-reported conversions: NULL when no row of the slice reports any
        sum(platform_conversions) as platform_conversions,
        sum(platform_conversion_value_native) as platform_conversion_value,
        -- the spend of the days that report conversions (the CPA / platform ROAS denominator)
        sum(
            case when platform_conversions is not null then spend_amount_native end
        ) as platform_conversion_spend

    from ad_spend_daily

    group by 1, 2, 3

),

ad_spend_converted as (

    select
        ad_spend_native.month_start,
        ad_spend_native.channel,
        {{ convert_to_reporting('ad_spend_native.amount', 'fx_rates.rate_to_reporting') }}
            as spend_amount,
        ad_spend_native.platform_conversions,
        {{ convert_to_reporting(
            'ad_spend_native.platform_conversion_value', 'fx_rates.rate_to_reporting'
        ) }} as platform_conversion_value,
        {{ convert_to_reporting(
            'ad_spend_native.platform_conversion_spend', 'fx_rates.rate_to_reporting'
        ) }} as platform_conversion_spend,
        'ad_platform' as spend_source

    from ad_spend_native

    left join fx_rates
        on {{ slice_keys_match('ad_spend_native', 'fx_rates', ['currency', 'month_start']) }}

),

spend_converted as (

    select * from ad_spend_converted

    union all

    -- finance programs costs that name a channel, converted in their one home
    select
        month_start,
        channel,
        amount_reporting as spend_amount,
        null as platform_conversions,
        null as platform_conversion_value,
        null as platform_conversion_spend,
        'finance_programs' as spend_source

    from channel_program_costs

),

spend_aggregated as (

    select
        spend_converted.month_start,
        spend_converted.channel,
        coalesce(channels.is_paid, false) as is_paid,
        sum(spend_converted.spend_amount) as spend_amount,
        sum(
            case
                when spend_converted.spend_source = 'ad_platform'
                    then spend_converted.spend_amount
            end
        ) as ad_platform_spend_amount,
        sum(
            case
                when spend_converted.spend_source = 'finance_programs'
                    then spend_converted.spend_amount
            end
        ) as program_spend_amount,
        sum(spend_converted.platform_conversions) as platform_conversions,
        sum(spend_converted.platform_conversion_value) as platform_conversion_value,
        sum(spend_converted.platform_conversion_spend) as platform_conversion_spend

    from spend_converted

    left join channels
        on spend_converted.channel = channels.channel

    group by 1, 2, 3

),

marketing_spend_monthly as (

    select
        {{ surrogate_key(['month_start', 'channel']) }} as marketing_spend_monthly_id,
        cast(month_start as date) as month_start,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(is_paid as boolean) as is_paid,
        cast(spend_amount as decimal(18, 4)) as spend_amount,
        cast(coalesce(ad_platform_spend_amount, 0) as decimal(18, 4)) as ad_platform_spend_amount,
        cast(coalesce(program_spend_amount, 0) as decimal(18, 4)) as program_spend_amount,
        cast(platform_conversions as decimal(18, 4)) as platform_conversions,
        cast(platform_conversion_value as decimal(18, 4)) as platform_conversion_value,
        cast(platform_conversion_spend as decimal(18, 4)) as platform_conversion_spend

    from spend_aggregated

)

select * from marketing_spend_monthly
