{#-
    safe_cast(expr, type): expr as type, NULL when the text does not parse (issue 10 item 3).
    Staging classifiers parse raw numbers and dates through it and give a row whose raw text
    is not NULL but whose parsed value is a reject reason naming the column
    (unparseable_<column>), so a bad value never reaches a mart as a late cast error.
    DuckDB: try_cast. Default: dbt.safe_cast (try_cast / safe_cast where the adapter has one,
    else a plain cast, which fails the classifier on a bad value instead of quarantining it).
-#}
{% macro safe_cast(column_expression, data_type) -%}
    {{ return(adapter.dispatch('safe_cast', 'revenue_ops_warehouse')(column_expression, data_type)) }}
{%- endmacro %}

{% macro default__safe_cast(column_expression, data_type) -%}
    {{ dbt.safe_cast(column_expression, data_type) }}
{%- endmacro %}

{% macro duckdb__safe_cast(column_expression, data_type) -%}
    try_cast({{ column_expression }} as {{ data_type }})
{%- endmacro %}

{% macro spark__safe_cast(column_expression, data_type) -%}
    try_cast({{ column_expression }} as {{ data_type }})
{%- endmacro %}

{#-
    Postgres 15 has no try_cast: the text must match the type's literal shape first, else
    NULL (numbers, dates and ISO-8601 timestamps; other types are a plain cast). A value of
    the right shape that is still out of range (2024-02-30) fails the build, as before.
-#}
{% macro postgres__safe_cast(column_expression, data_type) -%}
    {%- set type_name = data_type | string | lower | trim -%}
    {%- set text = 'trim(cast(' ~ column_expression ~ ' as text))' -%}
    {%- if type_name in ('integer', 'int', 'bigint', 'smallint') -%}
        {%- set shape = '^[+-]?[0-9]+$' -%}
    {%- elif type_name.startswith('decimal') or type_name.startswith('numeric')
        or type_name in ('double precision', 'double', 'real', 'float') -%}
        {%- set shape = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' -%}
    {%- elif type_name == 'date' -%}
        {%- set shape = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' -%}
    {%- elif type_name.startswith('timestamp') -%}
        {%- set shape = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?[ ]?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$' -%}
    {%- else -%}
        {%- set shape = none -%}
    {%- endif -%}
    {%- if shape -%}
    cast(case when {{ text }} ~ '{{ shape }}' then {{ text }} end as {{ data_type }})
    {%- else -%}
    cast({{ column_expression }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

{#-
    The reject reason of a raw value that is there but does not parse: 'unparseable_<name>'
    when the raw text is not NULL and the parsed value is NULL, else NULL. For the CASE of a
    classifier: when {{ unparseable('raw_amount', 'amount') }} then 'unparseable_amount'.
-#}
{% macro unparseable(raw_expression, parsed_expression) -%}
    ({{ raw_expression }} is not null and {{ parsed_expression }} is null)
{%- endmacro %}
