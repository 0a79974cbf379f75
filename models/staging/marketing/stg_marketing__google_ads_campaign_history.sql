{#- Google Ads campaign versions; is_latest marks the current name, status and currency. -#}

{{
    ad_campaign_history(
        'google_ads_campaign_history',
        'updated_at',
        account_column='customer_id',
        with_status_and_currency=true,
    )
}}
