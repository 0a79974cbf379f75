{#-
    The stage-to-stage rate of a funnel (issue 9: one home for the lead-funnel reach mart and
    the deal-stage funnel): the count that reached a stage over the count that reached the
    previous stage of the same funnel (the previous stage_order within the partition), as a
    ratio 0-1; NULL at the first stage and where the previous stage had no one.
-#}
{% macro stage_to_stage_rate(count_column, partition_columns, order_column='stage_order') -%}
    cast({{ count_column }} as {{ type_double() }})
    / nullif(
        lag({{ count_column }}) over (
            partition by {{ partition_columns | join(', ') }} order by {{ order_column }}
        ),
        0
    )
{%- endmacro %}
