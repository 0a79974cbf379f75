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
    {%- if var('crm_layout', 'salesforce') == 'simple' -%}
        {#- the simple CRM layout: deals (+ optional stage history and accounts) -#}
        {%- do models.update({
            'crm.user': 'base_simple_crm__user',
            'crm.account': 'base_simple_crm__account',
            'crm.opportunity': 'base_simple_crm__opportunity',
            'crm.opportunity_history': 'base_simple_crm__opportunity_history',
            'crm.lead': none,
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
    {%- if var('billing_layout', 'stripe') == 'subscription_periods' -%}
        {#- the simple billing layout: customers and plans from the periods, no invoices -#}
        {%- do models.update({
            'billing.customer': 'base_subscription_periods__customer',
            'billing.product': 'base_subscription_periods__product',
            'billing.price': none,
            'billing.subscription': none,
            'billing.subscription_item': none,
            'billing.coupon': none,
            'billing.discount': none,
            'billing.invoice': none,
            'billing.invoice_line_item': none,
            'billing.charge': none,
            'billing.refund': none,
        }) -%}
    {%- else -%}
        {%- do models.update({'billing.subscription_period': none}) -%}
    {%- endif -%}
    {%- if var('ad_reporting_layout', 'demo') == 'ad_spend' -%}
        {#- the simple marketing layout: one spend file for every platform -#}
        {%- for table_name in [
            'google_ads_campaign_stats', 'google_ads_campaign_history',
            'facebook_ads_basic_campaign', 'facebook_ads_campaign_history',
            'linkedin_ads_analytics_by_campaign', 'linkedin_ads_campaign_history',
            'microsoft_ads_campaign_performance_daily_report', 'microsoft_ads_campaign_history',
        ] -%}
            {%- do models.update({'marketing.' ~ table_name: none}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do models.update({'marketing.ad_spend': none}) -%}
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
        'billing.subscription_period.mrr': ['monthly_amount', 'monthly_recurring_revenue'],
        'billing.subscription_period.customer_id': ['customer'],
        'billing.subscription_period.subscription_id': ['subscription'],
        'billing.subscription_period.plan': ['plan_name', 'product'],
        'marketing.ad_spend.platform': ['source', 'network'],
        'crm.deals.account': ['account_id', 'company'],
        'crm.deals.owner': ['owner_id', 'owner_name'],
        'crm.deals.created': ['created_date', 'created_at'],
        'crm.deals.closed': ['close_date', 'closed_at'],
        'crm.accounts.employees': ['number_of_employees'],
        'marketing.ad_spend.spend': ['cost', 'amount_spent'],
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

{#- A table the connector does not land: no rows, the contract's columns and types. Aliased:
    Postgres wants a name on a subquery in FROM. -#}
{% macro empty_raw_table(source_name, table_name) -%}
    {%- set select_list = [] -%}
    {%- for column_name, data_type in raw_table_columns(source_name, table_name) -%}
        {%- do select_list.append('cast(null as ' ~ portable_type_name(data_type) ~ ') as ' ~ adapter.quote(column_name)) -%}
    {%- endfor -%}
    {{ return(
        '(select ' ~ select_list | join(', ') ~ ' where 1 = 0) as '
        ~ adapter.quote('empty_' ~ source_name ~ '__' ~ table_name)
    ) }}
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
    (name, type)), missing ones from an alias column or as typed NULLs; text equal to one of
    var null_markers (after trim) is read as NULL. Columns outside the contract are not
    selected. Before that, check_raw_contract() stops the build on a missing required column,
    a single-column file (wrong delimiter) or an empty table. At parse time it is the source
    relation itself (lineage).
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
    {%- set markers = [] -%}
    {%- for marker in var('null_markers', ['', 'null', 'NULL', 'N/A', 'n/a', 'None']) -%}
        {%- do markers.append("'" ~ (marker | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {%- for column_name, data_type in raw_table_columns(source_name, table_name) + extra_columns -%}
        {%- set alias_names = aliases.get(source_name ~ '.' ~ table_name ~ '.' ~ column_name, []) -%}
        {%- set found = [] -%}
        {%- for candidate in [column_name] + alias_names if candidate in present -%}
            {%- do found.append(candidate) -%}
        {%- endfor -%}
        {%- if found and markers -%}
            {%- set landed = adapter.quote(found[0]) -%}
            {%- do select_list.append(
                'case when trim(cast(' ~ landed ~ ' as ' ~ dbt.type_string() ~ ')) in ('
                ~ markers | join(', ') ~ ') then null else ' ~ landed ~ ' end as '
                ~ adapter.quote(column_name)
            ) -%}
        {%- elif found -%}
            {%- do select_list.append(adapter.quote(found[0]) ~ ' as ' ~ adapter.quote(column_name)) -%}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ portable_type_name(data_type) ~ ') as ' ~ adapter.quote(column_name)) -%}
            {%- do filled.append(column_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do check_raw_contract(source_name, table_name, relation, present, filled) -%}
    {{ return('(select ' ~ select_list | join(', ') ~ ' from ' ~ relation ~ ')') }}
{%- endmacro %}

{#-
    The raw contract check (README "Bring your own data", issue 10), run where the landed
    columns are known (filled_source, source mode):
    - a file that parses as one column while the contract has several -> error: the
      delimiter is probably wrong (names the file / relation and the header it saw);
    - a required column (raw_required_columns) missing -> error naming source.table.column
      and the relation it was read from;
    - optional columns missing -> one warning listing them (once per build: only the model
      that reads the table warns, not the tests that also read it);
    - no rows while the table is not in var raw_tables_allowed_empty -> error naming it.
-#}
{% macro check_raw_contract(source_name, table_name, relation, present, filled) -%}
    {%- set key = source_name ~ '.' ~ table_name -%}
    {%- set contract = raw_table_columns(source_name, table_name) -%}
    {%- if present | length == 1 and contract | length > 1 -%}
        {{ exceptions.raise_compiler_error(
            "raw " ~ key ~ ": the landed table has a single column " ~ (present[0] | tojson)
            ~ " (read from " ~ relation ~ "): the delimiter is probably wrong"
            ~ " (expected comma-separated columns " ~ (contract | map(attribute=0) | join(', ')) ~ ")"
        ) }}
    {%- endif -%}
    {%- set missing_required = [] -%}
    {%- for column_name in raw_required_columns(source_name, table_name) if column_name in filled -%}
        {%- do missing_required.append(key ~ '.' ~ column_name) -%}
    {%- endfor -%}
    {%- if missing_required -%}
        {{ exceptions.raise_compiler_error(
            "raw contract: required column(s) " ~ missing_required | join(', ')
            ~ " not found in " ~ relation ~ " (landed columns: " ~ present | join(', ') ~ ")"
        ) }}
    {%- endif -%}
    {%- set is_reader = model is mapping and model.get('resource_type') == 'model' -%}
    {%- if filled and is_reader -%}
        {%- do exceptions.warn(
            "raw " ~ key ~ ": optional contract column(s) not landed, read as NULL: "
            ~ filled | join(', ') ~ " (read from " ~ relation ~ ")"
        ) -%}
    {%- endif -%}
    {%- if key not in var('raw_tables_allowed_empty', []) -%}
        {%- set counted = run_query('select count(*) from (select 1 from ' ~ relation ~ ' limit 1) as probe') -%}
        {%- if counted.columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "raw " ~ key ~ " is empty (read from " ~ relation ~ "): a required raw table"
                ~ " has no rows; list it in var raw_tables_allowed_empty if that is expected,"
                ~ " or in var raw_absent_tables if the connector does not land it"
            ) }}
        {%- endif -%}
    {%- endif -%}
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
