{#- LinkedIn Ads campaign versions; is_latest marks the current name. -#}

{{ ad_campaign_history('linkedin_ads_campaign_history', 'last_modified_time') }}
