{#- Google Ads daily campaign cost; cost_micros / 1,000,000 = cost in the account currency. -#}

{{
    ad_campaign_daily_spend(
        'google_ads_campaign_stats',
        {
            'campaign_id': 'id',
            'date': 'date',
            'account_id': 'customer_id',
            'spend': 'cast(cast(source.cost_micros as decimal(18, 4)) / 1000000 as decimal(18, 4))',
            'clicks': 'clicks',
        },
    )
}}
