{#-
    Staging helpers: parse raw text into typed values the same way in every staging model.
    Raw timestamps are ISO-8601 text, often with a UTC offset (TZ01).
-#}

{#- Lookup key of a raw enum value: lower(trim()), with NULL and blank as '(blank)'. -#}
{% macro lookup_key(column_expression) -%}
    coalesce(nullif(lower(trim(cast({{ column_expression }} as {{ dbt.type_string() }}))), ''), '(blank)')
{%- endmacro %}

{#- ISO-8601 text (offset optional; none means UTC) as a UTC timestamp without time zone. -#}
{#- safe=true: text that does not parse gives NULL (safe_cast), for an unparseable_* reason. -#}
{% macro utc_timestamp(column_expression, safe=false) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'revenue_ops_warehouse')(column_expression, safe)) }}
{%- endmacro %}

{% macro default__utc_timestamp(column_expression, safe=false) -%}
    {%- set text_expression = 'cast(' ~ column_expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- if safe -%}
    cast({{ safe_cast(text_expression, type_timestamptz()) }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- else -%}
    cast(cast({{ text_expression }} as {{ type_timestamptz() }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{#- Spark parses the offset into an instant, shown in the session time zone (UTC). -#}
{% macro spark__utc_timestamp(column_expression, safe=false) -%}
    {%- set text_expression = 'cast(' ~ column_expression ~ ' as string)' -%}
    {%- if safe -%}
    {{ safe_cast(text_expression, 'timestamp') }}
    {%- else -%}
    cast({{ text_expression }} as timestamp)
    {%- endif -%}
{%- endmacro %}

{#-
    The company-time-zone date of raw date or timestamp text (G7, TZ01). A plain date
    ('2024-03-10') is already a calendar date and is kept as it is; a timestamp is converted
    from its offset to var company_time_zone first.
-#}
{% macro company_date(column_expression, safe=false) -%}
    {{ return(adapter.dispatch('company_date', 'revenue_ops_warehouse')(column_expression, safe)) }}
{%- endmacro %}

{% macro default__company_date(column_expression, safe=false) -%}
    {%- set text_expression = 'cast(' ~ column_expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- if safe -%}
    case
        when length(trim({{ text_expression }})) = 10
            then {{ safe_cast('trim(' ~ text_expression ~ ')', 'date') }}
        else cast({{ to_company_time(safe_cast(text_expression, type_timestamptz())) }} as date)
    end
    {%- else -%}
    case
        when length(trim({{ text_expression }})) = 10
            then cast(trim({{ text_expression }}) as date)
        else cast({{ to_company_time('cast(' ~ text_expression ~ ' as ' ~ type_timestamptz() ~ ')') }} as date)
    end
    {%- endif -%}
{%- endmacro %}

{#- An amount in the currency's minor unit as decimal(18, 4) major units (CU03, G6). -#}
{% macro minor_to_major(amount_expression, exponent_expression) -%}
    cast(
        cast({{ amount_expression }} as decimal(18, 4))
        * cast(power(10, -1 * ({{ exponent_expression }})) as decimal(18, 4))
        as decimal(18, 4)
    )
{%- endmacro %}

{#- A top-level string field of JSON text, e.g. Stripe metadata's crm_account_id. -#}
{% macro json_string_field(column_expression, field_name) -%}
    {{ return(adapter.dispatch('json_string_field', 'revenue_ops_warehouse')(column_expression, field_name)) }}
{%- endmacro %}

{% macro default__json_string_field(column_expression, field_name) -%}
    json_extract_string(cast({{ column_expression }} as {{ dbt.type_string() }}), '$.{{ field_name }}')
{%- endmacro %}

{% macro spark__json_string_field(column_expression, field_name) -%}
    get_json_object(cast({{ column_expression }} as string), '$.{{ field_name }}')
{%- endmacro %}

{% macro postgres__json_string_field(column_expression, field_name) -%}
    (cast({{ column_expression }} as json) ->> '{{ field_name }}')
{%- endmacro %}

{#-
    Every raw table with its staging model and rejects model (none when staging keeps every
    row; a table with a rejects model is classified once in staging_classifier(model)). The
    reconciliation test assert_raw_rows_reconcile_to_staging reads this list, and
    assert_staging_table_list_covers_every_raw_table fails when a source table is missing here.
-#}
{% macro staging_tables() -%}
    {%- if var('crm_layout', 'salesforce') == 'hubspot' -%}
        {#- HubSpot objects reach staging through base_hubspot__* (1:1 rows); lookups: none. -#}
        {%- set crm_tables = [
            ('crm', 'owner', 'stg_crm__users', 'stg_crm__users_rejects'),
            ('crm', 'company', 'stg_crm__accounts', 'stg_crm__accounts_rejects'),
            ('crm', 'contact', 'stg_crm__leads', 'stg_crm__leads_rejects'),
            ('crm', 'deal', 'stg_crm__opportunities', 'stg_crm__opportunities_rejects'),
            ('crm', 'deal_stage', 'stg_crm__opportunity_stage_history', 'stg_crm__opportunity_stage_history_rejects'),
            ('crm', 'deal_pipeline_stage', none, none),
            ('crm', 'deal_company', none, none),
        ] -%}
    {%- else -%}
        {%- set crm_tables = [
            ('crm', 'user', 'stg_crm__users', 'stg_crm__users_rejects'),
            ('crm', 'account', 'stg_crm__accounts', 'stg_crm__accounts_rejects'),
            ('crm', 'lead', 'stg_crm__leads', 'stg_crm__leads_rejects'),
            ('crm', 'opportunity', 'stg_crm__opportunities', 'stg_crm__opportunities_rejects'),
            ('crm', 'opportunity_history', 'stg_crm__opportunity_stage_history', 'stg_crm__opportunity_stage_history_rejects'),
            ('crm', 'campaign', 'stg_crm__campaigns', 'stg_crm__campaigns_rejects'),
            ('crm', 'campaign_member', 'stg_crm__campaign_members', 'stg_crm__campaign_members_rejects'),
            ('crm', 'task', 'stg_crm__tasks', 'stg_crm__tasks_rejects'),
        ] -%}
    {%- endif -%}
    {#-
        Connector-only tables that adapter models join or roll up (README "Supported connector
        layouts"): model none = not reconciled row for row; the adapted table is (raw_source
        returns the adapter model, whose rows staging keeps or rejects).
    -#}
    {%- set connector_tables = [] -%}
    {%- if var('stripe_plan_table', false) -%}
        {%- do connector_tables.append(('billing', 'plan', none, none)) -%}
    {%- endif -%}
    {%- if var('ad_reporting_layout', 'demo') == 'fivetran' -%}
        {%- do connector_tables.extend([
            ('marketing', 'google_ads_account_history', none, none),
            ('marketing', 'facebook_ads_basic_ad', none, none),
            ('marketing', 'facebook_ads_ad_history', none, none),
            ('marketing', 'facebook_ads_account_history', none, none),
            ('marketing', 'linkedin_ads_account_history', none, none),
        ]) -%}
    {%- endif -%}
    {{ return(crm_tables + connector_tables + [
        ('marketing', 'google_ads_campaign_stats', 'stg_marketing__google_ads_campaign_stats', none),
        ('marketing', 'google_ads_campaign_history', 'stg_marketing__google_ads_campaign_history', none),
        ('marketing', 'facebook_ads_basic_campaign', 'stg_marketing__facebook_ads_basic_campaign', none),
        ('marketing', 'facebook_ads_campaign_history', 'stg_marketing__facebook_ads_campaign_history', none),
        ('marketing', 'linkedin_ads_analytics_by_campaign', 'stg_marketing__linkedin_ads_analytics_by_campaign', none),
        ('marketing', 'linkedin_ads_campaign_history', 'stg_marketing__linkedin_ads_campaign_history', none),
        ('marketing', 'microsoft_ads_campaign_performance_daily_report', 'stg_marketing__microsoft_ads_campaign_performance_daily_report', none),
        ('marketing', 'microsoft_ads_campaign_history', 'stg_marketing__microsoft_ads_campaign_history', none),
        ('marketing', 'lead_event', 'stg_marketing__lead_events', 'stg_marketing__lead_events_rejects'),
        ('billing', 'customer', 'stg_billing__customers', 'stg_billing__customers_rejects'),
        ('billing', 'product', 'stg_billing__products', 'stg_billing__products_rejects'),
        ('billing', 'price', 'stg_billing__prices', 'stg_billing__prices_rejects'),
        ('billing', 'subscription', 'stg_billing__subscriptions', 'stg_billing__subscriptions_rejects'),
        ('billing', 'subscription_item', 'stg_billing__subscription_items', 'stg_billing__subscription_items_rejects'),
        ('billing', 'coupon', 'stg_billing__coupons', none),
        ('billing', 'discount', 'stg_billing__discounts', 'stg_billing__discounts_rejects'),
        ('billing', 'invoice', 'stg_billing__invoices', 'stg_billing__invoices_rejects'),
        ('billing', 'invoice_line_item', 'stg_billing__invoice_line_items', 'stg_billing__invoice_line_items_rejects'),
        ('billing', 'charge', 'stg_billing__charges', 'stg_billing__charges_rejects'),
        ('billing', 'refund', 'stg_billing__refunds', 'stg_billing__refunds_rejects'),
        ('finance', 'fx_rate', 'stg_finance__fx_rates', none),
        ('finance', 'gross_margin', 'stg_finance__gross_margin', none),
        ('finance', 'sales_marketing_cost', 'stg_finance__sales_marketing_costs', none),
        ('finance', 'revenue_plan', 'stg_finance__revenue_plan', none),
        ('finance', 'cpi', 'stg_finance__cpi', none),
        ('finance', 'quota', 'stg_finance__quotas', none),
        ('finance', 'sales_forecast', 'stg_finance__sales_forecasts', none),
        ('finance', 'price_test_assignment', 'stg_finance__price_test_assignments', none),
    ]) }}
{%- endmacro %}

{#-
    Staging keeps or rejects each raw row once (architecture.md, "Staging: one classification
    per raw table"): base_<source>__<entity>_classified gives every raw row its reject_reason
    (NULL = kept); stg_<source>__<entity> selects the rows where kept_rows() holds and
    stg_<source>__<entity>_rejects the rows where rejected_rows() holds.
-#}
{% macro kept_rows() -%}
    reject_reason is null
{%- endmacro %}

{% macro rejected_rows() -%}
    reject_reason is not null
{%- endmacro %}

{#- The classifier of a staging model with a rejects twin: stg_crm__leads -> base_crm__leads_classified. -#}
{% macro staging_classifier(model_name) -%}
    {{ return('base_' ~ model_name[4:] ~ '_classified') }}
{%- endmacro %}
