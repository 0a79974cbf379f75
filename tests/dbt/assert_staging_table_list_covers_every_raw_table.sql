{#-
    Every raw table declared in a staging _<source>__sources.yml is listed in the
    staging_tables() macro (and the other way round), so assert_raw_rows_reconcile_to_staging
    cannot forget a table silently. Returns one row per table missing from either side.
-#}

{%- set listed = [] -%}
{%- set adapted = [] -%}
{%- for source_name, table_name, model_name, rejects_name in staging_tables() -%}
    {%- do listed.append(source_name ~ '.' ~ table_name) -%}
{%- endfor -%}
{#- A table a connector layout replaces by an adapter model need not be a declared source. -#}
{%- if var('raw_data_mode', 'seeds') != 'seeds' -%}
    {%- for raw_table in connector_adapter_models() -%}
        {%- do adapted.append(raw_table) -%}
    {%- endfor -%}
{%- endif -%}

{%- set declared = [] -%}
{%- if execute -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.package_name == project_name -%}
            {%- do declared.append(node.source_name ~ '.' ~ node.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

table_lists as (

    select
        '_none_' as raw_table,
        'none' as problem
    {%- for raw_table in declared if raw_table not in listed %}
    union all
    select
        '{{ raw_table }}' as raw_table,
        'declared source table missing from staging_tables()' as problem
    {%- endfor %}
    {%- for raw_table in listed if raw_table not in declared and raw_table not in adapted %}
    union all
    select
        '{{ raw_table }}' as raw_table,
        'staging_tables() entry without a declared source table' as problem
    {%- endfor %}

),

problems as (

    select * from table_lists
    where raw_table != '_none_'

)

select * from problems
