{#- Raw ad spend rows left out of stg_marketing__ad_spend, with the reason. -#}

with

rejects as (

    select
        ad_spend_id,
        ad_platform,
        ad_account_id,
        ad_campaign_id,
        currency,
        raw_platform,
        raw_date,
        raw_spend,
        raw_clicks,
        raw_impressions,
        raw_conversions,
        raw_conversion_value,
        reject_reason

    from {{ ref('base_marketing__ad_spend_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
