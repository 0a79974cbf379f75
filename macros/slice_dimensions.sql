{#-
    Unpivot rows into one copy per reporting dimension (L5: monthly metric marts slice
    one dimension at a time). `dimensions` is a list of [dimension, expression] pairs;
    the expression gives dimension_value ('all' for the total slice).
    Example: slice_dimensions('closed', ['opportunity_id'], [['total', "'all'"], ['segment', 'segment']])
-#}
{% macro slice_dimensions(relation, columns, dimensions) -%}
    {%- for dimension in dimensions %}
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        cast('{{ dimension[0] }}' as {{ dbt.type_string() }}) as dimension,
        cast(coalesce(cast({{ dimension[1] }} as {{ dbt.type_string() }}), 'unknown') as {{ dbt.type_string() }}) as dimension_value
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
