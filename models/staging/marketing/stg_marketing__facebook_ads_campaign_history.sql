{#- Facebook Ads campaign versions; is_latest marks the current name. -#}

{{ ad_campaign_history('facebook_ads_campaign_history', 'updated_time') }}
