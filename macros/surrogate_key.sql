{#- A dependency-free stand-in for dbt_utils.generate_surrogate_key. -#}
{% macro surrogate_key(column_names) -%}
    md5(concat_ws('|'
        {%- for column_name in column_names %},
        coalesce(cast({{ column_name }} as {{ dbt.type_string() }}), '_null_')
        {%- endfor %}
    ))
{%- endmacro %}
