{#-
    Generic data tests the project needs. The dbt package hub is unreachable, so
    these stand in for the dbt_utils ones. Each returns the failing rows.
-#}

{#- Rows where a boolean SQL expression is not true (NULL counts as failing unless allow_null). -#}
{% test expression_is_true(model, expression, where_clause=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where_clause %} and ({{ where_clause }}){% endif %}
{% endtest %}

{#- Rows whose combination of columns is not unique. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as count_rows
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Values outside [min_value, max_value] (either bound optional). NULLs pass. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and (
    false
    {%- if min_value is not none %}
    or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
    {%- endif %}
    {%- if max_value is not none %}
    or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
    {%- endif %}
  )
{% endtest %}

{#- Ratios must be finite: no NaN or infinity sneaks in through float division. -#}
{% test is_finite(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and (
    {{ column_name }} != {{ column_name }}
    or abs(cast({{ column_name }} as {{ type_double() }})) = cast('infinity' as {{ type_double() }})
  )
{% endtest %}

{#- Two relations have the same number of rows (optionally filtered). -#}
{% test equal_row_count(model, compare_model, where_clause=none, compare_where_clause=none) %}
with a as (
    select count(*) as count_rows from {{ model }}
    {%- if where_clause %} where {{ where_clause }}{% endif %}
),
b as (
    select count(*) as count_rows from {{ compare_model }}
    {%- if compare_where_clause %} where {{ compare_where_clause }}{% endif %}
)
select a.count_rows as count_model, b.count_rows as count_compare
from a
cross join b
where a.count_rows != b.count_rows
{% endtest %}

{#-
    Raw tables whose rejected share (all reasons of fct_data_quality_rejects together) is
    above threshold (ratio 0-1): one failing row per table, with its counts.
-#}
{% test reject_share_at_most(model, threshold) %}
select
    raw_table,
    sum(rejected_rows) as rejected_rows,
    max(raw_rows) as raw_rows,
    cast(sum(rejected_rows) as {{ type_double() }}) / nullif(max(raw_rows), 0) as reject_share
from {{ model }}
group by raw_table
having cast(sum(rejected_rows) as {{ type_double() }}) / nullif(max(raw_rows), 0) > {{ threshold }}
{% endtest %}
