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

{#-
    A raw currency code as the ISO code: trimmed, upper case; blank or missing takes var
    default_currency_when_missing (NULL when unset, for a missing_currency reason). The one
    home of that rule for the layouts whose rows may omit the currency (CRM opportunities,
    simple subscription periods, simple ad spend).
-#}
{% macro currency_or_default(column_expression) -%}
    coalesce(
        nullif(upper(trim(cast({{ column_expression }} as {{ type_text() }}))), ''),
        {{ default_currency_literal() }}
    )
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
    {%- if var('crm_layout', 'salesforce') == 'simple' -%}
        {#- the demo crm tables are the base_simple_crm__* adapters (reconciled on their rows) -#}
        {%- do connector_tables.extend([
            ('crm', 'deals', none, none),
            ('crm', 'deal_stage_history', none, none),
            ('crm', 'accounts', none, none),
        ]) -%}
    {%- endif -%}
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
        ('marketing', 'ad_spend', 'stg_marketing__ad_spend', 'stg_marketing__ad_spend_rejects'),
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
        ('billing', 'subscription_period', 'stg_billing__subscription_periods', 'stg_billing__subscription_periods_rejects'),
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

{#-
    A child row whose parent is not kept (missing from the parent's classifier, or rejected
    by it): the condition of a '<parent>_rejected' reason, e.g.
    when {{ parent_rejected('customer_id', 'base_billing__customers_classified') }}
        then 'customer_rejected'.
    parent_key: the key column in the parent (default: the child column's name).
    optional: the key may be NULL (no parent, e.g. a one-time invoice line): such a row is
    not rejected for its parent.
-#}
{% macro parent_rejected(column_expression, parent_model, parent_key=none, optional=false) -%}
    {%- set key = parent_key or column_expression.split('.')[-1] -%}
    {%- if optional %}{{ column_expression }} is not null and {% endif -%}
    not coalesce(
        {{ column_expression }} in (
            select kept_parent.{{ key }} from {{ ref(parent_model) }} as kept_parent
            where kept_parent.{{ kept_rows() }}
        ),
        false
    )
{%- endmacro %}

{#-
    The raw text of a classifier's deciding columns, and its unparseable reasons.
    raw_text_columns(columns) keeps each listed raw column as text, named raw_<column> (what
    the rejects model shows): a list of raw column names, or a parsed_columns mapping; a raw
    column whose name carries a connector suffix is listed 'prior_arr_c as prior_arr' and
    kept as raw_prior_arr. parsed_columns maps each raw column a classifier parses with
    safe_cast (or a layout's format) to its parsed column ({'quantity': 'quantity',
    'unit_amount': 'unit_amount_minor'}), written once at the top of the model;
    unparseable_reasons(parsed_columns) gives the CASE branches 'unparseable_<name>' (raw text
    there, parsed value NULL), in the mapping's order.
-#}
{% macro raw_column_name(raw_column) -%}
    {{ return(raw_column.split(' as ')[-1] | trim) }}
{%- endmacro %}

{% macro raw_text_columns(columns) -%}
    {%- for raw_column in columns %}
        cast(source.{{ raw_column.split(' as ')[0] | trim }} as {{ dbt.type_string() }}) as raw_{{ raw_column_name(raw_column) }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro unparseable_reasons(parsed_columns) -%}
    {%- for raw_column, parsed_column in parsed_columns.items() %}
            {%- set name = raw_column_name(raw_column) %}
            when {{ unparseable('raw_' ~ name, parsed_column) }} then 'unparseable_{{ name }}'
    {%- endfor %}
{%- endmacro %}

{#-
    The rows of a relation with a currency column, plus each listed minor-unit amount in major
    units (CU03, G6) through the currency_minor_units seed: amount_columns maps the new major
    column to its minor-unit column, e.g. {'amount': 'amount_minor'}. The body of a
    classifier's units_converted CTE.
-#}
{% macro major_units_added(relation_name, amount_columns) -%}
    select
        {{ relation_name }}.*,
        {%- for major_column, minor_column in amount_columns.items() %}
        {{ minor_to_major(
            relation_name ~ '.' ~ minor_column,
            'currency_minor_units.minor_unit_exponent'
        ) }} as {{ major_column }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ relation_name }}

    left join {{ ref('currency_minor_units') }} as currency_minor_units
        on {{ relation_name }}.currency = currency_minor_units.currency_code
{%- endmacro %}

{#-
    The rows of a relation that names a raw lead id, plus lead_id: the kept lead it stands for
    (G12, DD02: itself when kept, the kept lead of its e-mail when a duplicate, NULL when the
    lead is rejected or unknown), from base_crm__leads_classified.surviving_lead_id. The one
    home of the lead resolution of tasks, campaign members and lead events.
-#}
{% macro surviving_lead_added(relation_name, raw_lead_column='raw_lead_id') -%}
    select
        {{ relation_name }}.*,
        lead_survivors.surviving_lead_id as lead_id

    from {{ relation_name }}

    left join {{ ref('base_crm__leads_classified') }} as lead_survivors
        on {{ relation_name }}.{{ raw_lead_column }} = lead_survivors.lead_id
{%- endmacro %}

{#-
    The body of a rejects model (stg_<source>__<entity>_rejects): the rows its classifier
    (staging_classifier of the staged model) rejects, with the listed columns (the key and the
    raw text of the deciding columns, 'x as y' to rename) and reject_reason after them, then
    any trailing_columns. Its twin stg_<source>__<entity> reads the same classifier with
    kept_rows(), so a row is kept or rejected by one rule.
-#}
{% macro staging_rejects(columns, trailing_columns=[]) -%}
    {%- set staged_model = model.name[:-('_rejects' | length)] -%}
    select
        {%- for column in columns + ['reject_reason'] + trailing_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ ref(staging_classifier(staged_model)) }}
    where {{ rejected_rows() }}
{%- endmacro %}

{#-
    The lookup joins of staging: a raw enum value, normalised with lookup_key(), joined to its
    seed on the seed's raw key column. The seed is joined under its own name, so the model
    selects segment_mapping.segment or channel_mapping.channel / .is_paid. Left joins: a key
    missing from the seed gives NULL, and the relationships test on the key fails the build.
-#}
{% macro segment_mapping_join(relation_name, key_column='segment_key') -%}
    left join {{ ref('segment_mapping') }} as segment_mapping
        on {{ relation_name }}.{{ key_column }} = segment_mapping.raw_segment_key
{%- endmacro %}

{% macro channel_mapping_join(relation_name, key_column='channel_key') -%}
    left join {{ ref('channel_mapping') }} as channel_mapping
        on {{ relation_name }}.{{ key_column }} = channel_mapping.raw_source_key
{%- endmacro %}
