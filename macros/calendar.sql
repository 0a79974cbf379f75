{#- The reporting calendar: first and last month of the report, from vars. -#}
{% macro reporting_start_month() -%}
    cast('{{ var("reporting_start_month") }}' as date)
{%- endmacro %}

{% macro as_of_date() -%}
    cast('{{ var("as_of_date") }}' as date)
{%- endmacro %}

{#- Last day of the month containing a date expression (portable). -#}
{% macro month_end(date_expression) -%}
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, dbt.date_trunc('month', date_expression))) }} as date)
{%- endmacro %}

{#- First day of the month containing a date expression (portable). -#}
{% macro month_start(date_expression) -%}
    cast({{ dbt.date_trunc('month', date_expression) }} as date)
{%- endmacro %}

{#- Convert a UTC timestamp (timestamptz) to the company time zone's wall clock (G7). -#}
{% macro to_company_time(timestamp_expression) -%}
    {{ return(adapter.dispatch('to_company_time', 'revenue_ops_warehouse')(timestamp_expression)) }}
{%- endmacro %}

{% macro default__to_company_time(timestamp_expression) -%}
    cast(({{ timestamp_expression }}) at time zone '{{ var("company_time_zone") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Spark: a timestamp is an instant shown in the session time zone (UTC, profiles.yml). -#}
{% macro spark__to_company_time(timestamp_expression) -%}
    from_utc_timestamp({{ timestamp_expression }}, '{{ var("company_time_zone") }}')
{%- endmacro %}

{#- Import CTE body of the report months (dim_months, one home of the calendar): month_start. -#}
{% macro report_month_starts() -%}
    select month_start from {{ ref('dim_months') }}
{%- endmacro %}

{#- The ten rows digit = 0..9 (portable: no range() or generate_series), from which the
    calendar models cross-join their day and month offsets. -#}
{% macro digit_rows() -%}
    {%- for digit in range(10) %}
    select {{ digit }} as digit
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
