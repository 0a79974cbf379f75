{#-
    Fivetran Google Ads campaign_stats rolled up to one row per campaign, account and day (the
    connector splits a day by device and network; ad_reporting_layout fivetran). Cost, clicks
    and impressions are summed, so no spend is lost.
-#}

{{ config(enabled=var('ad_reporting_layout', 'demo') == 'fivetran') }}

with

campaign_stats as (

    select * from {{ filled_source('marketing', 'google_ads_campaign_stats') }}

),

campaign_days as (

    select
        cast(id as {{ type_text() }}) as id,
        cast(customer_id as {{ type_text() }}) as customer_id,
        cast(cast(date as timestamp) as date) as date,  -- noqa: RF04
        sum(cast(cost_micros as bigint)) as cost_micros,
        sum(cast(clicks as bigint)) as clicks,
        sum(cast(impressions as bigint)) as impressions

    from campaign_stats
    group by 1, 2, 3

)

select * from campaign_days
