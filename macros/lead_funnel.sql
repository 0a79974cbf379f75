{#- The funnel-month rule of the lead marts (fct_cost_per_lead_monthly,
    fct_campaign_performance_monthly): one fact row per lead created (its created_month), per
    MQL (the month of mql_date) and per SQL (the month of sql_date); a lead without an MQL or
    SQL date has no row for that stage. -#}
{% macro lead_stage_fact_rows(relation, columns) -%}
    {%- for stage, month_expression, date_column in [
        ('lead', 'created_month', none),
        ('mql', month_start('mql_date'), 'mql_date'),
        ('sql', month_start('sql_date'), 'sql_date'),
    ] %}

    select
        {{ month_expression }} as month_start,
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {{ 1 if stage == 'lead' else 0 }} as lead_count,
        {{ 1 if stage == 'mql' else 0 }} as mql_count,
        {{ 1 if stage == 'sql' else 0 }} as sql_count

    from {{ relation }}
    {%- if date_column %}

    where {{ date_column }} is not null
    {%- endif %}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
