{#- Facebook Ads daily campaign spend, in the ad account's currency. -#}

{{
    ad_campaign_daily_spend(
        'facebook_ads_basic_campaign',
        {
            'campaign_id': 'campaign_id',
            'date': 'date',
            'account_id': 'account_id',
            'currency': 'account_currency',
            'spend': 'cast(source.spend as decimal(18, 4))',
            'clicks': 'inline_link_clicks',
        },
    )
}}
