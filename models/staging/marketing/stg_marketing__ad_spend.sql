{#-
    Daily ad spend of any platform from the simple marketing layout (var ad_reporting_layout:
    ad_spend), in the account currency; int_ad_spend_daily adds it to the platform union. Rows
    with a reject reason are in stg_marketing__ad_spend_rejects.
-#}

with

ad_spend as (

    select
        ad_spend_id,
        ad_platform,
        platform_key,
        channel,
        ad_account_id,
        ad_campaign_id,
        campaign_name,
        spend_date,
        currency,
        spend_amount,
        clicks,
        impressions,
        platform_conversions,
        platform_conversion_value

    from {{ ref('base_marketing__ad_spend_classified') }}
    where {{ kept_rows() }}

)

select * from ad_spend
