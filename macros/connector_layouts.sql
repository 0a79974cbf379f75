{#-
    Connector layouts (README "Supported connector layouts"). In raw_data_mode 'source',
    raw_source() reads a raw table through layout_relation():
    - a table that a layout replaces by an adapter model (connector_adapter_models(): HubSpot
      objects shaped as the Salesforce tables, Stripe plans merged into prices, Fivetran
      ad-reporting reports rolled up to campaign-day) is that model;
    - a table listed in var raw_absent_tables (the connector does not land it) is an empty
      relation with the contract's columns and types;
    - any other table is filled_source(): the contract's columns (raw_table_columns()), each
      read from the landed table when it is there, else from a connector alias column
      (raw_column_aliases()), else a typed NULL, like Fivetran's fill_staging_columns.
-#}

{#- Raw tables a layout replaces by an adapter model; none = empty relation (not landed). -#}
{% macro connector_adapter_models() -%}
    {%- set models = {} -%}
    {%- if var('crm_layout', 'salesforce') == 'hubspot' -%}
        {%- do models.update({
            'crm.user': 'base_hubspot__user',
            'crm.account': 'base_hubspot__account',
            'crm.lead': 'base_hubspot__lead',
            'crm.opportunity': 'base_hubspot__opportunity',
            'crm.opportunity_history': 'base_hubspot__opportunity_history',
            'crm.campaign': none,
            'crm.campaign_member': none,
            'crm.task': none,
        }) -%}
    {%- endif -%}
    {%- if var('stripe_plan_table', false) -%}
        {%- do models.update({'billing.price': 'base_stripe__price'}) -%}
    {%- endif -%}
    {%- if var('stripe_subscription_items_from', 'table') == 'subscription' -%}
        {%- do models.update({'billing.subscription_item': 'base_stripe__subscription_item'}) -%}
    {%- endif -%}
    {%- if var('ad_reporting_layout', 'demo') == 'fivetran' -%}
        {%- do models.update({
            'marketing.google_ads_campaign_stats': 'base_google_ads__campaign_stats',
            'marketing.google_ads_campaign_history': 'base_google_ads__campaign_history',
            'marketing.facebook_ads_basic_campaign': 'base_facebook_ads__basic_campaign',
            'marketing.linkedin_ads_analytics_by_campaign': 'base_linkedin_ads__analytics_by_campaign',
            'marketing.microsoft_ads_campaign_performance_daily_report':
                'base_microsoft_ads__campaign_performance_daily_report',
        }) -%}
    {%- endif -%}
    {{ return(models) }}
{%- endmacro %}

{#- Connector column names read when the contract's column is missing (first present wins). -#}
{% macro raw_column_aliases() -%}
    {{ return({
        'billing.subscription_item.price_id': ['plan_id'],
        'billing.invoice_line_item.price_id': ['plan_id'],
        'billing.invoice_line_item.unit_amount': ['unit_amount_excluding_tax'],
    }) }}
{%- endmacro %}

{#- The relation raw_source() reads in raw_data_mode 'source'. -#}
{% macro layout_relation(source_name, table_name) -%}
    {%- set key = source_name ~ '.' ~ table_name -%}
    {%- set adapter_models = connector_adapter_models() -%}
    {%- if key in adapter_models -%}
        {%- if adapter_models[key] is none -%}
            {{ return(empty_raw_table(source_name, table_name)) }}
        {%- endif -%}
        {{ return(ref(adapter_models[key])) }}
    {%- endif -%}
    {%- if key in var('raw_absent_tables', []) -%}
        {{ return(empty_raw_table(source_name, table_name)) }}
    {%- endif -%}
    {{ return(filled_source(source_name, table_name)) }}
{%- endmacro %}

{#- A table the connector does not land: no rows, the contract's columns and types. -#}
{% macro empty_raw_table(source_name, table_name) -%}
    {%- set select_list = [] -%}
    {%- for column_name, data_type in raw_table_columns(source_name, table_name) -%}
        {%- do select_list.append('cast(null as ' ~ data_type ~ ') as ' ~ adapter.quote(column_name)) -%}
    {%- endfor -%}
    {{ return('(select ' ~ select_list | join(', ') ~ ' where 1 = 0)') }}
{%- endmacro %}

{#- Lower-case column names of a relation or a dbt-duckdb external location. -#}
{% macro raw_relation_column_names(relation) -%}
    {%- set result = run_query('select * from ' ~ relation ~ ' where 1 = 0') -%}
    {%- set names = [] -%}
    {%- for column_name in result.column_names -%}
        {%- do names.append(column_name | lower) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#-
    The contract's columns of source(source_name, table_name) (plus extra_columns, a list of
    (name, type)), missing ones from an alias column or as typed NULLs. Columns outside the
    contract are not selected. At parse time it is the source relation itself (lineage).
-#}
{% macro filled_source(source_name, table_name, extra_columns=[]) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set present = raw_relation_column_names(relation) -%}
    {%- set aliases = raw_column_aliases() -%}
    {%- set select_list = [] -%}
    {%- set filled = [] -%}
    {%- for column_name, data_type in raw_table_columns(source_name, table_name) + extra_columns -%}
        {%- set alias_names = aliases.get(source_name ~ '.' ~ table_name ~ '.' ~ column_name, []) -%}
        {%- set found = [] -%}
        {%- for candidate in [column_name] + alias_names if candidate in present -%}
            {%- do found.append(candidate) -%}
        {%- endfor -%}
        {%- if found -%}
            {%- do select_list.append(adapter.quote(found[0]) ~ ' as ' ~ adapter.quote(column_name)) -%}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ data_type ~ ') as ' ~ adapter.quote(column_name)) -%}
            {%- do filled.append(column_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if filled -%}
        {%- do log('raw ' ~ source_name ~ '.' ~ table_name ~ ': not landed, filled with NULL: ' ~ filled | join(', '), info=false) -%}
    {%- endif -%}
    {{ return('(select ' ~ select_list | join(', ') ~ ' from ' ~ relation ~ ')') }}
{%- endmacro %}

{#- var default_currency_when_missing as a SQL literal, NULL when unset. -#}
{% macro default_currency_literal() -%}
    {%- set currency = var('default_currency_when_missing', '') -%}
    {%- if currency -%}
        '{{ currency | upper }}'
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
