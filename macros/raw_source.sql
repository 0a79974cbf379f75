{#-
    The switch between the demo seeds and a team's own raw data.
    raw_data_mode = 'seeds'  -> ref('raw_<source>__<table>') (the seed keeps the DAG order)
    raw_data_mode = 'source' -> source('<source>', '<table>'), which dbt-duckdb may read from
                                landed files through the source's external_location, as laid
                                out by the connector (macro layout_relation in
                                connector_layouts.sql: adapter models, absent tables, missing
                                columns filled with typed NULLs).
-#}
{% macro raw_source(source_name, table_name) -%}
    {%- if var('raw_data_mode', 'seeds') == 'seeds' -%}
        {%- if (source_name ~ '.' ~ table_name) in simple_layout_tables() -%}
            {#- a simple-layout table has no demo seed: empty, typed -#}
            {{ return(empty_raw_table(source_name, table_name)) }}
        {%- endif -%}
        {{ return(ref('raw_' ~ source_name ~ '__' ~ table_name)) }}
    {%- else -%}
        {{ return(layout_relation(source_name, table_name)) }}
    {%- endif -%}
{%- endmacro %}

{#-
    Raw tables of the simple layouts (README "Your own data in ten minutes"): one file a team
    exports, chosen with one var (billing_layout: subscription_periods, ad_reporting_layout:
    ad_spend). The demo has no seed
    for them: in seeds mode, and in source mode when their layout is not chosen, they are
    read as empty.
-#}
{% macro simple_layout_tables() -%}
    {{ return(['billing.subscription_period', 'marketing.ad_spend']) }}
{%- endmacro %}
