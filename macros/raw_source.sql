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
        {{ return(ref('raw_' ~ source_name ~ '__' ~ table_name)) }}
    {%- else -%}
        {{ return(layout_relation(source_name, table_name)) }}
    {%- endif -%}
{%- endmacro %}
