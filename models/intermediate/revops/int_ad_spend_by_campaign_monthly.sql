{#-
    Ad-platform spend per month and ad campaign, in the platform currency and in
    the reporting currency at the month's FX rate (int_fx_rates_monthly: the
    latest published rate, the earliest one before the first, G5). Platforms are
    named as stg_crm__campaigns.ad_platform names them (google_ads,
    facebook_ads, linkedin_ads, microsoft_ads), so a CRM campaign finds its ad
    campaign's spend (campaign ROI, DECISIONLOG R18). Google's currency is the
    one of the campaign's latest history version (else the reporting currency).
-#}

with

google_ads_spend as (

    select
        ad_campaign_id,
        spend_date,
        spend_amount

    from {{ ref('stg_marketing__google_ads_campaign_stats') }}

),

google_ads_campaigns as (

    select
        ad_campaign_id,
        currency

    from {{ ref('stg_marketing__google_ads_campaign_history') }}

    where is_latest

),

facebook_ads_spend as (

    select
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency

    from {{ ref('stg_marketing__facebook_ads_basic_campaign') }}

),

linkedin_ads_spend as (

    select
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency

    from {{ ref('stg_marketing__linkedin_ads_analytics_by_campaign') }}

),

microsoft_ads_spend as (

    select
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency

    from {{ ref('stg_marketing__microsoft_ads_campaign_performance_daily_report') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

ad_spend_daily as (

    select
        'google_ads' as ad_platform,
        google_ads_spend.ad_campaign_id,
        google_ads_spend.spend_date,
        google_ads_spend.spend_amount,
        coalesce(google_ads_campaigns.currency, '{{ var("reporting_currency") }}') as currency

    from google_ads_spend

    left join google_ads_campaigns
        on google_ads_spend.ad_campaign_id = google_ads_campaigns.ad_campaign_id

    union all

    select
        'facebook_ads' as ad_platform,
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency

    from facebook_ads_spend

    union all

    select
        'linkedin_ads' as ad_platform,
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency

    from linkedin_ads_spend

    union all

    select
        'microsoft_ads' as ad_platform,
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency

    from microsoft_ads_spend

),

spend_native_monthly as (

    select
        {{ month_start('spend_date') }} as month_start,
        ad_platform,
        cast(ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id,
        upper(currency) as currency,
        sum(spend_amount) as spend_amount_native

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
        cast(
            spend_native_monthly.spend_amount_native * fx_rates.rate_to_reporting as decimal(18, 4)
        ) as spend_amount

    from spend_native_monthly

    left join fx_rates
        on
            spend_native_monthly.month_start = fx_rates.month_start
            and spend_native_monthly.currency = fx_rates.currency

)

select * from spend_converted
