{#-
    Import CTE body that picks the slice rows of a monthly metric mart (L5: one dimension
    at a time), listing the columns read. `dimensions` None keeps every row.
    Example: select_slice_rows(ref('fct_win_rates_monthly'), ['month_start', 'win_rate'], ['total', 'segment'])
-#}
{% macro select_slice_rows(relation, columns, dimensions=none) -%}
    select
        {%- for column in columns %}
        {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from {{ relation }}
    {%- if dimensions %}

    where dimension in (
        {%- for dimension in dimensions -%}
            '{{ dimension }}'{% if not loop.last %}, {% endif %}
        {%- endfor -%}
    )
    {%- endif %}
{%- endmacro %}

{#-
    Join condition matching two relations on the same key columns, by default the slice
    key of a monthly metric mart (month_start, dimension, dimension_value).
    Example: left join churn on {{ slice_keys_match('revenue_growth', 'churn') }}
-#}
{% macro slice_keys_match(left, right, keys=['month_start', 'dimension', 'dimension_value']) -%}
    {%- for key in keys %}
            {% if not loop.first %}and {% endif %}{{ left }}.{{ key }} = {{ right }}.{{ key }}
    {%- endfor %}
{%- endmacro %}

{#-
    The key columns of a monthly slice row (L5), typed once: the surrogate id named
    `id_name`, then month_start (date), dimension and dimension_value (text).
    Example: select {{ slice_key_columns('win_rates_monthly_id') }}, win_rate from ...
-#}
{% macro slice_key_columns(id_name) -%}
    {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }} as {{ id_name }},
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value
{%- endmacro %}
