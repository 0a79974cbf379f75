{#- LinkedIn Ads daily campaign cost in the local currency (cost_in_usd kept alongside). -#}

{{
    ad_campaign_daily_spend(
        'linkedin_ads_analytics_by_campaign',
        {
            'campaign_id': 'campaign_id',
            'date': 'day',
            'currency': 'currency',
            'spend': 'cast(source.cost_in_local_currency as decimal(18, 4))',
            'spend_usd': 'cost_in_usd',
            'clicks': 'clicks',
        },
    )
}}
