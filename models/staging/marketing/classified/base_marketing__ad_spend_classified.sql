{{ config(materialized='table') }}

{#-
    Every raw row of the simple marketing layout (raw marketing.ad_spend, var
    ad_reporting_layout: ad_spend), typed once, with its reject_reason (NULL = kept in
    stg_marketing__ad_spend). Any platform: its channel comes from seed channel_mapping on the
    normalised platform name (TikTok, Meta, Google Ads, ... are rows there; a platform missing
    from the seed fails stg_marketing__ad_spend's relationships test, which names the seed).
    Dates and numbers are read by the layout's declared format (vars
    simple_layout_date_format / simple_layout_decimal_separator).

    Reasons, first that applies: missing_platform, missing_date, unparseable_<column>,
    missing_currency (none landed and var default_currency_when_missing unset),
    negative_amount, after_as_of_date, duplicate_row (the same platform, campaign and day
    again: the first by account id is kept).
-#}

{%- set layout = 'ad_spend' %}
{%- set parsed_columns = {
    'date': 'spend_date',
    'spend': 'spend_amount',
    'clicks': 'clicks',
    'impressions': 'impressions',
    'conversions': 'platform_conversions',
    'conversion_value': 'platform_conversion_value',
} %}

with

source as (

    select * from {{ raw_source('marketing', 'ad_spend') }}

),

channel_mapping as (

    select * from {{ ref('channel_mapping') }}

),

renamed as (

    select
        -- ids
        nullif(trim(cast(source.account_id as {{ type_text() }})), '') as ad_account_id,
        coalesce(nullif(trim(cast(source.campaign_id as {{ type_text() }})), ''), '(none)')
            as ad_campaign_id,

        -- strings
        nullif(replace(lower(trim(cast(source.platform as {{ type_text() }}))), ' ', '_'), '')
            as ad_platform,
        {{ lookup_key('source.platform') }} as platform_key,
        nullif(trim(cast(source.campaign_name as {{ type_text() }})), '') as campaign_name,
        {{ currency_or_default('source.currency') }} as currency,

        -- numerics
        {{ simple_layout_decimal('source.spend', layout) }} as spend_amount,
        {{ simple_layout_decimal('source.clicks', layout) }} as clicks,
        {{ simple_layout_decimal('source.impressions', layout) }} as impressions,
        {{ simple_layout_decimal('source.conversions', layout) }} as platform_conversions,
        {{ simple_layout_decimal('source.conversion_value', layout) }} as platform_conversion_value,

        -- dates
        {{ simple_layout_date('source.date', layout) }} as spend_date,

        -- raw text of the deciding columns (stg_marketing__ad_spend_rejects)
        {{ raw_text_columns(['platform']) }},
        {{ raw_text_columns(parsed_columns) }}

    from source

),

duplicates_ranked as (

    select
        renamed.*,
        channel_mapping.channel,
        row_number() over (
            partition by renamed.ad_platform, renamed.ad_campaign_id, renamed.spend_date
            order by renamed.ad_account_id, renamed.raw_spend
        ) as occurrence

    from renamed

    left join channel_mapping
        on renamed.platform_key = channel_mapping.raw_source_key

),

classified as (

    select
        {{ surrogate_key(['ad_platform', 'ad_campaign_id', 'raw_date', 'occurrence']) }}
            as ad_spend_id,
        *,
        case
            when ad_platform is null then 'missing_platform'
            when raw_date is null then 'missing_date'
            {{- unparseable_reasons(parsed_columns) }}
            when currency is null then 'missing_currency'
            when spend_amount < 0 then 'negative_amount'
            when spend_date > {{ as_of_date() }} then 'after_as_of_date'
            when occurrence > 1 then 'duplicate_row'
        end as reject_reason

    from duplicates_ranked

)

select * from classified
