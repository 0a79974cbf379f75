{#- Microsoft Ads campaign versions; is_latest marks the current name. -#}

{{ ad_campaign_history('microsoft_ads_campaign_history', 'modified_time') }}
