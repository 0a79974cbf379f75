{#-
    Fivetran Facebook Ads basic_ad (ad level) rolled up to the demo's campaign-day table
    (ad_reporting_layout fivetran): each ad's campaign from its latest ad_history version,
    the currency from the account's latest account_history version (else var
    default_currency_when_missing). Spend, impressions and link clicks are summed per
    campaign, account and day; an ad missing from ad_history keeps a NULL campaign (and fails
    the not_null test on ad_campaign_id) rather than being dropped.
-#}

{{ config(enabled=var('ad_reporting_layout', 'demo') == 'fivetran') }}

with

basic_ads as (

    select * from {{ filled_source('marketing', 'facebook_ads_basic_ad') }}

),

ad_history as (

    select * from {{ filled_source('marketing', 'facebook_ads_ad_history') }}

),

account_history as (

    select * from {{ filled_source('marketing', 'facebook_ads_account_history') }}

),

latest_ads as (

    {{ ranked_versions('ad_history', 'ad_id', {'campaign_id': 'campaign_id'}, 'updated_time') }}

),

latest_accounts as (

    {{
        ranked_versions(
            'account_history', 'account_id', {'currency': 'currency'}, '_fivetran_synced',
        )
    }}

),

ads_attributed as (

    select
        latest_ads.campaign_id,
        cast(cast(basic_ads.date as timestamp) as date) as date,  -- noqa: RF04
        cast(basic_ads.account_id as {{ type_text() }}) as account_id,
        coalesce(
            latest_accounts.currency,
            {{ default_currency_literal() }}
        ) as account_currency,
        cast(basic_ads.spend as decimal(18, 4)) as spend,
        cast(basic_ads.impressions as bigint) as impressions,
        cast(basic_ads.inline_link_clicks as bigint) as inline_link_clicks

    from basic_ads

    left join latest_ads
        on
            cast(basic_ads.ad_id as {{ type_text() }}) = latest_ads.ad_id
            and latest_ads.version_rank = 1

    left join latest_accounts
        on
            cast(basic_ads.account_id as {{ type_text() }}) = latest_accounts.account_id
            and latest_accounts.version_rank = 1

),

campaign_days as (

    select
        campaign_id,
        date,
        account_id,
        account_currency,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(inline_link_clicks) as inline_link_clicks

    from ads_attributed
    group by 1, 2, 3, 4

)

select * from campaign_days
