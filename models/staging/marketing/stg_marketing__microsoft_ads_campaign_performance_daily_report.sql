{#- Microsoft (Bing) Ads daily campaign spend, in the account currency. -#}

{{
    ad_campaign_daily_spend(
        'microsoft_ads_campaign_performance_daily_report',
        {
            'campaign_id': 'campaign_id',
            'date': 'date',
            'account_id': 'account_id',
            'currency': 'currency_code',
            'spend': 'cast(source.spend as decimal(18, 4))',
            'clicks': 'clicks',
        },
    )
}}
