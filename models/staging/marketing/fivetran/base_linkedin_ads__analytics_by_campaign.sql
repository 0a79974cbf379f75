{#-
    Fivetran LinkedIn Ads ad_analytics_by_campaign with the account currency (the report has
    none): campaign -> latest campaign_history version -> account -> latest account_history
    version (else var default_currency_when_missing). One row per report row; day becomes a date.
-#}

{{ config(enabled=var('ad_reporting_layout', 'demo') == 'fivetran') }}

with

analytics as (

    select * from {{ filled_source('marketing', 'linkedin_ads_analytics_by_campaign') }}

),

campaign_history as (

    select * from {{ filled_source('marketing', 'linkedin_ads_campaign_history') }}

),

account_history as (

    select * from {{ filled_source('marketing', 'linkedin_ads_account_history') }}

),

latest_campaigns as (

    {{
        ranked_versions(
            'campaign_history', 'campaign_id', {'account_id': 'account_id'}, 'last_modified_time',
        )
    }}

),

latest_accounts as (

    {{
        ranked_versions(
            'account_history', 'account_id', {'currency': 'currency'}, 'last_modified_time',
        )
    }}

),

analytics_with_currency as (

    select
        cast(analytics.campaign_id as {{ type_text() }}) as campaign_id,
        cast(cast(analytics.day as timestamp) as date) as day,  -- noqa: RF04
        cast(analytics.cost_in_local_currency as decimal(18, 4)) as cost_in_local_currency,
        cast(analytics.cost_in_usd as decimal(18, 4)) as cost_in_usd,
        cast(analytics.clicks as bigint) as clicks,
        cast(analytics.impressions as bigint) as impressions,
        coalesce(
            cast(analytics.currency as {{ type_text() }}),
            latest_accounts.currency,
            {{ default_currency_literal() }}
        ) as currency

    from analytics

    left join latest_campaigns
        on
            cast(analytics.campaign_id as {{ type_text() }}) = latest_campaigns.campaign_id
            and latest_campaigns.version_rank = 1

    left join latest_accounts
        on
            latest_campaigns.account_id = latest_accounts.account_id
            and latest_accounts.version_rank = 1

)

select * from analytics_with_currency
