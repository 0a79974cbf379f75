{#-
    Ad-platform spend per month and campaign key (issue 11 part 4): the monthly spend of every
    ad campaign (int_ad_spend_by_campaign_monthly, reporting currency at the month's FX rate)
    summed under the campaign key int_ad_campaigns gives it (the linked CRM campaign, else
    'ad_campaign:<platform>:<id>'), with that linked CRM campaign_id (NULL when none; the
    campaign slice of fct_marketing_roi_monthly reports that spend as 'unknown'). Only
    ad-platform spend is recorded per campaign. Platform-reported conversions, conversion value
    and the spend of the days that report them are summed the same way (NULL when none).
-#}

with

ad_spend_by_campaign as (

    select
        month_start,
        ad_platform,
        ad_campaign_id,
        spend_amount,
        platform_conversions,
        platform_conversion_value,
        platform_conversion_spend

    from {{ ref('int_ad_spend_by_campaign_monthly') }}

),

ad_campaigns as (

    select
        ad_platform,
        ad_campaign_id,
        campaign_id,
        campaign_key,
        campaign_name

    from {{ ref('int_ad_campaigns') }}

),

spend_by_campaign as (

    select
        ad_spend_by_campaign.month_start,
        ad_campaigns.campaign_key,
        -- the key is the CRM campaign_id itself when one is linked: one value per key
        max(ad_campaigns.campaign_id) as campaign_id,
        max(ad_campaigns.campaign_name) as campaign_name,
        sum(ad_spend_by_campaign.spend_amount) as spend_amount,
        sum(ad_spend_by_campaign.platform_conversions) as platform_conversions,
        sum(ad_spend_by_campaign.platform_conversion_value) as platform_conversion_value,
        sum(ad_spend_by_campaign.platform_conversion_spend) as platform_conversion_spend

    from ad_spend_by_campaign

    inner join ad_campaigns
        on
            ad_spend_by_campaign.ad_platform = ad_campaigns.ad_platform
            and ad_spend_by_campaign.ad_campaign_id = ad_campaigns.ad_campaign_id

    group by 1, 2

),

campaign_spend_monthly as (

    select
        {{ surrogate_key(['month_start', 'campaign_key']) }} as campaign_spend_monthly_id,
        cast(month_start as date) as month_start,
        cast(campaign_key as {{ dbt.type_string() }}) as campaign_key,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(spend_amount as decimal(18, 4)) as spend_amount,
        cast(platform_conversions as decimal(18, 4)) as platform_conversions,
        cast(platform_conversion_value as decimal(18, 4)) as platform_conversion_value,
        cast(platform_conversion_spend as decimal(18, 4)) as platform_conversion_spend

    from spend_by_campaign

)

select * from campaign_spend_monthly
