{#- "No row -> a known 0; a NULL on a row stays unknown" (issue 9): the value of a left-joined
    row, 0 when the join found no row at all (its key column is NULL), the row's own value
    otherwise, so a NULL amount on an existing row is never turned into 0. -#}
{% macro zero_when_no_row(row_key, value) -%}
    case when {{ row_key }} is null then 0 else {{ value }} end
{%- endmacro %}
