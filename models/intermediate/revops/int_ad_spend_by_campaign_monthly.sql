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

fx_rate_edges as (

    select
        currency,
        min(month_start) as first_month_start,
        max(month_start) as last_month_start

    from fx_rates

    group by 1

),

fx_rate_bounds as (

    -- Spend outside the months the FX model covers takes the nearest edge rate
    -- (R14's back-fill, carried forward at the other end), never a NULL amount.
    select
        fx_rates.currency,
        fx_rate_edges.first_month_start,
        fx_rate_edges.last_month_start,
        max(
            case
                when fx_rates.month_start = fx_rate_edges.first_month_start
                    then fx_rates.rate_to_reporting
            end
        ) as first_rate_to_reporting,
        max(
            case
                when fx_rates.month_start = fx_rate_edges.last_month_start
                    then fx_rates.rate_to_reporting
            end
        ) as last_rate_to_reporting

    from fx_rates

    inner join fx_rate_edges
        on fx_rates.currency = fx_rate_edges.currency

    group by 1, 2, 3

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
            spend_native_monthly.spend_amount_native * coalesce(
                fx_rates.rate_to_reporting,
                case
                    when spend_native_monthly.month_start < fx_rate_bounds.first_month_start
                        then fx_rate_bounds.first_rate_to_reporting
                    when spend_native_monthly.month_start > fx_rate_bounds.last_month_start
                        then fx_rate_bounds.last_rate_to_reporting
                end,
                case
                    when spend_native_monthly.currency = '{{ var("reporting_currency") }}'
                        then 1
                end
            ) as decimal(18, 4)
        ) as spend_amount

    from spend_native_monthly

    left join fx_rates
        on
            spend_native_monthly.month_start = fx_rates.month_start
            and spend_native_monthly.currency = fx_rates.currency

    left join fx_rate_bounds
        on spend_native_monthly.currency = fx_rate_bounds.currency

)

select * from spend_converted
