{#-
    Channel-attributed marketing spend per month in the reporting currency: ad-platform
    daily spend converted at the month's FX rate, plus finance `programs` costs that
    name a channel (M09 default: program spend, not salaries or tools). Read by CPL,
    CAC and the RevOps ROI model.
-#}

with

-- Ad-platform daily spend. The architecture's int_ad_spend_daily (staging helper) is
-- not built yet; until it is, the four platform staging models are unioned here.
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
        spend_date,
        spend_amount,
        currency

    from {{ ref('stg_marketing__facebook_ads_basic_campaign') }}

),

linkedin_ads_spend as (

    select
        spend_date,
        spend_amount,
        currency

    from {{ ref('stg_marketing__linkedin_ads_analytics_by_campaign') }}

),

microsoft_ads_spend as (

    select
        spend_date,
        spend_amount,
        currency

    from {{ ref('stg_marketing__microsoft_ads_campaign_performance_daily_report') }}

),

ad_spend_daily as (

    select
        google_ads_spend.spend_date,
        'paid_search' as channel,
        google_ads_spend.spend_amount,
        coalesce(google_ads_campaigns.currency, '{{ var("reporting_currency") }}') as currency

    from google_ads_spend

    left join google_ads_campaigns
        on google_ads_spend.ad_campaign_id = google_ads_campaigns.ad_campaign_id

    union all

    select
        spend_date,
        'paid_social' as channel,
        spend_amount,
        currency

    from facebook_ads_spend

    union all

    select
        spend_date,
        'linkedin' as channel,
        spend_amount,
        currency

    from linkedin_ads_spend

    union all

    select
        spend_date,
        'paid_search' as channel,
        spend_amount,
        currency

    from microsoft_ads_spend

),

sales_marketing_costs as (

    select
        month_start,
        department,
        cost_type,
        channel,
        amount,
        currency

    from {{ ref('stg_finance__sales_marketing_costs') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('stg_finance__fx_rates') }}

),

channels as (

    select distinct
        channel,
        is_paid

    from {{ ref('channel_mapping') }}

),

spend_native as (

    select
        {{ month_start('spend_date') }} as month_start,
        coalesce(channel, 'unknown') as channel,
        currency,
        spend_amount as amount,
        'ad_platform' as spend_source

    from ad_spend_daily

    union all

    select
        month_start,
        channel,
        currency,
        amount,
        'finance_programs' as spend_source

    from sales_marketing_costs

    where
        department = 'marketing'
        and cost_type = 'programs'
        and channel is not null

),

spend_converted as (

    select
        spend_native.month_start,
        spend_native.channel,
        spend_native.spend_source,
        spend_native.amount
        * case
            when spend_native.currency = '{{ var("reporting_currency") }}'
                then cast(1 as double)
            else fx_rates.rate_to_reporting
        end as spend_amount

    from spend_native

    left join fx_rates
        on
            spend_native.currency = fx_rates.currency
            and spend_native.month_start = fx_rates.month_start

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
        ) as program_spend_amount

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
        cast(coalesce(program_spend_amount, 0) as decimal(18, 4)) as program_spend_amount

    from spend_aggregated

)

select * from marketing_spend_monthly
