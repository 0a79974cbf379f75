{#- Raw ad spend rows left out of stg_marketing__ad_spend, with the reason. -#}

{{ staging_rejects([
    'ad_spend_id',
    'ad_platform',
    'ad_account_id',
    'ad_campaign_id',
    'currency',
    'raw_platform',
    'raw_date',
    'raw_spend',
    'raw_clicks',
    'raw_impressions',
    'raw_conversions',
    'raw_conversion_value',
]) }}
