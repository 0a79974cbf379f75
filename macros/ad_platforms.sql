{#-
    The ad platforms' staging shapes, written once: each platform's staging model names its
    raw table and the columns that differ (README "Supported connector layouts").
-#}

{#-
    The connector ad platforms, written once (issue 9): each platform's name (as
    stg_crm__campaigns.ad_platform names it), the marketing channel its spend counts for, its
    daily spend and campaign-history staging models, and whether its spend rows carry their
    currency (Google's do not: the campaign's latest history version gives it). Read by
    int_ad_spend_daily (the spend union) and int_ad_campaign_names (the name union).
-#}
{% macro ad_platforms() -%}
    {{ return([
        {
            'name': 'google_ads',
            'channel': 'paid_search',
            'spend_model': 'stg_marketing__google_ads_campaign_stats',
            'history_model': 'stg_marketing__google_ads_campaign_history',
            'spend_has_currency': false,
        },
        {
            'name': 'facebook_ads',
            'channel': 'paid_social',
            'spend_model': 'stg_marketing__facebook_ads_basic_campaign',
            'history_model': 'stg_marketing__facebook_ads_campaign_history',
            'spend_has_currency': true,
        },
        {
            'name': 'linkedin_ads',
            'channel': 'linkedin',
            'spend_model': 'stg_marketing__linkedin_ads_analytics_by_campaign',
            'history_model': 'stg_marketing__linkedin_ads_campaign_history',
            'spend_has_currency': true,
        },
        {
            'name': 'microsoft_ads',
            'channel': 'paid_search',
            'spend_model': 'stg_marketing__microsoft_ads_campaign_performance_daily_report',
            'history_model': 'stg_marketing__microsoft_ads_campaign_history',
            'spend_has_currency': true,
        },
    ]) }}
{%- endmacro %}

{#-
    Body of a campaign-history staging model: one row per campaign version, is_latest on the
    newest. `version_column` is the raw timestamp of the version; Google also carries the
    campaign's status and currency.
-#}
{% macro ad_campaign_history(table_name, version_column, account_column='account_id', with_status_and_currency=false) -%}
with

source as (

    select * from {{ raw_source('marketing', table_name) }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.id', 'source.' ~ version_column]) }} as ad_campaign_version_id,
        cast(source.id as {{ type_text() }}) as ad_campaign_id,
        cast(source.{{ account_column }} as {{ type_text() }}) as ad_account_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as ad_campaign_name,
        {%- if with_status_and_currency %}
        lower(trim(cast(source.status as {{ type_text() }}))) as status,
        upper(trim(cast(source.currency_code as {{ type_text() }}))) as currency,
        {%- endif %}

        -- timestamps
        {{ utc_timestamp('source.' ~ version_column) }} as updated_at

    from source

),

latest_flagged as (

    select
        *,
        row_number() over (
            partition by ad_campaign_id
            order by updated_at desc
        ) = 1 as is_latest

    from renamed

)

select * from latest_flagged
{%- endmacro %}

{#-
    Body of a daily campaign spend staging model: one row per campaign and day. `columns` maps
    the raw column of each part: campaign_id, date, spend (an SQL expression on `source`),
    clicks, and optionally account_id, currency and spend_usd (omitted parts are left out).
-#}
{% macro ad_campaign_daily_spend(table_name, columns) -%}
with

source as (

    select * from {{ raw_source('marketing', table_name) }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.' ~ columns.campaign_id, 'source.' ~ columns.date]) }} as ad_campaign_day_id,
        cast(source.{{ columns.campaign_id }} as {{ type_text() }}) as ad_campaign_id,
        {%- if columns.account_id %}
        cast(source.{{ columns.account_id }} as {{ type_text() }}) as ad_account_id,
        {%- endif %}
        {%- if columns.currency %}

        -- strings
        upper(trim(cast(source.{{ columns.currency }} as {{ type_text() }}))) as currency,
        {%- endif %}

        -- numerics
        {{ columns.spend }} as spend_amount,
        {%- if columns.spend_usd %}
        cast(source.{{ columns.spend_usd }} as decimal(18, 4)) as spend_amount_usd,
        {%- endif %}
        cast(source.{{ columns.clicks }} as integer) as clicks,
        cast(source.impressions as integer) as impressions,

        -- dates
        cast(cast(source.{{ columns.date }} as {{ type_text() }}) as date) as spend_date

    from source

)

select * from renamed
{%- endmacro %}

{#-
    Body of a "latest version" CTE over a connector history table: the id as `id_alias`, the
    listed columns (alias: raw column) as text, and version_rank 1 on the newest version by
    `order_column`. Used by the Fivetran ad-reporting adapters.
-#}
{% macro ranked_versions(relation, id_alias, columns, order_column) -%}
    select
        cast(id as {{ type_text() }}) as {{ id_alias }},
        {%- for alias, column in columns.items() %}
        cast({{ column }} as {{ type_text() }}) as {{ alias }},
        {%- endfor %}
        row_number() over (
            partition by cast(id as {{ type_text() }})
            order by cast({{ order_column }} as timestamp) desc
        ) as version_rank

    from {{ relation }}
{%- endmacro %}

{#-
    The match key of a campaign name (issue 11 part 4): lower case, every space removed, so
    'Generic - Revenue Ops', 'generic - revenue ops' and ' GENERIC -  Revenue Ops ' match. The
    one home of campaign-name matching (UTM campaign tags against ad-platform campaign names).
-#}
{% macro campaign_name_key(name_expression) -%}
    nullif(lower(replace(trim(cast({{ name_expression }} as {{ dbt.type_string() }})), ' ', '')), '')
{%- endmacro %}
