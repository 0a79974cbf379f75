{#-
    Ad-platform spend per month and ad campaign, in the platform currency and in
    the reporting currency at the month's FX rate (int_fx_rates_monthly, G5).
    Platforms are named as stg_crm__campaigns.ad_platform names them, so a CRM
    campaign finds its ad campaign's spend (campaign ROI, DECISIONLOG R18).
    Platform-reported conversions and conversion value (converted as spend is) with
    the spend of the days that report them; NULL when none does (issue 12).
-#}

with

ad_spend_daily as (

    select
        month_start,
        ad_platform,
        ad_campaign_id,
        currency,
        spend_amount_native,
        platform_conversions,
        platform_conversion_value_native

    from {{ ref('int_ad_spend_daily') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

spend_native_monthly as (

    select
        month_start,
        ad_platform,
        ad_campaign_id,
        currency,
        sum(spend_amount_native) as spend_amount_native,
        -- platform-reported conversions: NULL when no day of the campaign month reports any
        sum(platform_conversions) as platform_conversions,
        sum(platform_conversion_value_native) as platform_conversion_value_native,
        sum(
            case when platform_conversions is not null then spend_amount_native end
        ) as platform_conversion_spend_native

    from ad_spend_daily

    group by 1, 2, 3, 4

),

spend_converted as (

    select
        {{ surrogate_key([
            'spend_native_monthly.month_start',
            'spend_native_monthly.ad_platform',
            'spend_native_monthly.ad_campaign_id',
            'spend_native_monthly.currency',
        ]) }} as ad_spend_by_campaign_monthly_id,
        spend_native_monthly.month_start,
        spend_native_monthly.ad_platform,
        spend_native_monthly.ad_campaign_id,
        spend_native_monthly.currency,
        cast(spend_native_monthly.spend_amount_native as decimal(18, 4)) as spend_amount_native,
        {{ convert_to_reporting(
            'spend_native_monthly.spend_amount_native', 'fx_rates.rate_to_reporting'
        ) }} as spend_amount,
        cast(spend_native_monthly.platform_conversions as decimal(18, 4)) as platform_conversions,
        {{ convert_to_reporting(
            'spend_native_monthly.platform_conversion_value_native', 'fx_rates.rate_to_reporting'
        ) }} as platform_conversion_value,
        {{ convert_to_reporting(
            'spend_native_monthly.platform_conversion_spend_native', 'fx_rates.rate_to_reporting'
        ) }} as platform_conversion_spend

    from spend_native_monthly

    left join fx_rates
        on {{ slice_keys_match('spend_native_monthly', 'fx_rates', ['month_start', 'currency']) }}

)

select * from spend_converted
