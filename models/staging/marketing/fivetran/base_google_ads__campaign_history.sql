{#-
    Fivetran Google Ads campaign_history with the account currency: the connector keeps
    currency_code on account_history, not on the campaign (ad_reporting_layout fivetran). One
    row per campaign version; the account's latest version gives the currency.
-#}

{{ config(enabled=var('ad_reporting_layout', 'demo') == 'fivetran') }}

with

campaign_history as (

    select * from {{ filled_source('marketing', 'google_ads_campaign_history') }}

),

account_history as (

    select * from {{ filled_source('marketing', 'google_ads_account_history') }}

),

latest_accounts as (

    {{
        ranked_versions(
            'account_history', 'account_id', {'currency_code': 'currency_code'}, 'updated_at',
        )
    }}

),

campaigns_with_currency as (

    select
        cast(campaign_history.id as {{ type_text() }}) as id,
        cast(campaign_history.name as {{ type_text() }}) as name,  -- noqa: RF04
        cast(campaign_history.customer_id as {{ type_text() }}) as customer_id,
        cast(campaign_history.updated_at as {{ type_text() }}) as updated_at,
        cast(campaign_history.status as {{ type_text() }}) as status,
        coalesce(
            cast(campaign_history.currency_code as {{ type_text() }}),
            latest_accounts.currency_code,
            {{ default_currency_literal() }}
        ) as currency_code

    from campaign_history

    left join latest_accounts
        on
            cast(campaign_history.customer_id as {{ type_text() }}) = latest_accounts.account_id
            and latest_accounts.version_rank = 1

)

select * from campaigns_with_currency
