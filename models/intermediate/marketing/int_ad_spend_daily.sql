{#-
    Ad-platform spend per day and campaign, every platform in one shape, in the
    platform currency (one home of the platform union; the monthly roll-ups convert
    it). The platforms, their staging models and the one marketing channel each one's spend
    counts for come from macro ad_platforms() (search engines paid_search, Facebook
    paid_social, LinkedIn linkedin). Google's currency is the one of the campaign's latest
    history version, else the reporting currency.
    Simple marketing layout (var ad_reporting_layout: ad_spend): the spend file's
    rows join the union, any platform, its channel from seed channel_mapping; only
    they carry platform-reported conversions and conversion value (the connector and
    demo layouts land none: NULL, not 0).
    Incremental (DECISIONLOG r3-incremental-1): a run recomputes the days from the
    newest stored day minus var incremental_lookback_days (late-arriving platform rows),
    plus every day of a Google campaign whose latest-history currency differs from the
    stored one (a history change restates old rows); delete+insert on the key.
    Spark: a table (dbt-spark has no delete+insert on parquet; a Delta table would take merge).
-#}

{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    unique_key='ad_spend_daily_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

{%- set google_ads = ad_platforms() | selectattr('name', 'equalto', 'google_ads') | first %}

with

google_ads_spend as (

    select
        ad_campaign_id,
        spend_date,
        spend_amount

    from {{ ref(google_ads.spend_model) }}

),

google_ads_campaigns as (

    select
        ad_campaign_id,
        currency

    from {{ ref(google_ads.history_model) }}

    where is_latest

),

{%- for platform in ad_platforms() if platform.spend_has_currency %}

    {{ platform.name }}_spend as (

        select
            ad_campaign_id,
            spend_date,
            spend_amount,
            currency

        from {{ ref(platform.spend_model) }}

    ),
{%- endfor %}

platforms_unioned as (

    select
        '{{ google_ads.name }}' as ad_platform,
        '{{ google_ads.channel }}' as channel,
        google_ads_spend.ad_campaign_id,
        google_ads_spend.spend_date,
        google_ads_spend.spend_amount,
        coalesce(
            google_ads_campaigns.currency, '{{ var("reporting_currency") }}'
        ) as currency,
        -- the connector layouts land no platform conversions: unknown, not 0
        cast(null as decimal(18, 4)) as platform_conversions,
        cast(null as decimal(18, 4)) as platform_conversion_value

    from google_ads_spend

    left join google_ads_campaigns
        on google_ads_spend.ad_campaign_id = google_ads_campaigns.ad_campaign_id

    {%- for platform in ad_platforms() if platform.spend_has_currency %}

        union all

        select
            '{{ platform.name }}' as ad_platform,
            '{{ platform.channel }}' as channel,
            ad_campaign_id,
            spend_date,
            spend_amount,
            currency,
            cast(null as decimal(18, 4)) as platform_conversions,
            cast(null as decimal(18, 4)) as platform_conversion_value

        from {{ platform.name }}_spend
    {%- endfor %}
    {%- if var('ad_reporting_layout', 'demo') == 'ad_spend' %}

    union all

    select
        ad_platform,
        channel,
        ad_campaign_id,
        spend_date,
        spend_amount,
        currency,
        platform_conversions,
        platform_conversion_value

    from {{ ref('stg_marketing__ad_spend') }}
    {%- endif %}

),
{%- if is_incremental() %}

lookback_start as (

    select
        {{ dbt.dateadd('day', -var('incremental_lookback_days'), 'max(spend_date)') }}
            as lookback_start_date

    from {{ this }}

),

stored_google_currencies as (

    select distinct
        ad_campaign_id,
        currency

    from {{ this }}

    where ad_platform = 'google_ads'

),

restated_google_campaigns as (

    select distinct stored_google_currencies.ad_campaign_id

    from stored_google_currencies

    left join google_ads_campaigns
        on stored_google_currencies.ad_campaign_id = google_ads_campaigns.ad_campaign_id

    where
        upper(coalesce(google_ads_campaigns.currency, '{{ var("reporting_currency") }}'))
        <> stored_google_currencies.currency

),

platforms_to_load as (

    select platforms_unioned.*

    from platforms_unioned

    cross join lookback_start

    where
        cast(platforms_unioned.spend_date as date)
        >= cast(lookback_start.lookback_start_date as date)

    union all

    select platforms_unioned.*

    from platforms_unioned

    inner join restated_google_campaigns
        on platforms_unioned.ad_campaign_id = restated_google_campaigns.ad_campaign_id

    cross join lookback_start

    where
        platforms_unioned.ad_platform = 'google_ads'
        and cast(platforms_unioned.spend_date as date)
        < cast(lookback_start.lookback_start_date as date)

),
{%- else %}

    platforms_to_load as (

        select * from platforms_unioned

    ),
{%- endif %}

ad_spend_daily as (

    select
        {{ surrogate_key(['ad_platform', 'ad_campaign_id', 'spend_date']) }}
            as ad_spend_daily_id,
        cast(ad_platform as {{ dbt.type_string() }}) as ad_platform,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id,
        cast(spend_date as date) as spend_date,
        {{ month_start('spend_date') }} as month_start,
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        cast(spend_amount as decimal(18, 4)) as spend_amount_native,
        cast(platform_conversions as decimal(18, 4)) as platform_conversions,
        cast(platform_conversion_value as decimal(18, 4)) as platform_conversion_value_native

    from platforms_to_load

)

select * from ad_spend_daily
