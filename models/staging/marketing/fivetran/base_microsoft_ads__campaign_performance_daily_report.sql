{#-
    Fivetran Microsoft Ads campaign_performance_daily_report rolled up to one row per campaign,
    account, currency and day (the connector splits a day by device, network and match type;
    ad_reporting_layout fivetran). Spend, clicks and impressions are summed.
-#}

{{ config(enabled=var('ad_reporting_layout', 'demo') == 'fivetran') }}

with

daily_report as (

    select * from {{ filled_source(
        'marketing', 'microsoft_ads_campaign_performance_daily_report'
    ) }}

),

campaign_days as (

    select
        cast(cast(date as timestamp) as date) as date,  -- noqa: RF04
        cast(account_id as {{ type_text() }}) as account_id,
        cast(campaign_id as {{ type_text() }}) as campaign_id,
        coalesce(
            cast(currency_code as {{ type_text() }}),
            {{ default_currency_literal() }}
        ) as currency_code,
        sum(cast(spend as decimal(18, 4))) as spend,
        sum(cast(clicks as bigint)) as clicks,
        sum(cast(impressions as bigint)) as impressions

    from daily_report
    group by 1, 2, 3, 4

)

select * from campaign_days
