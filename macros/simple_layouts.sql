{#-
    Parsing rules of the simple layouts (README "Your own data in ten minutes"), declared per
    layout with vars instead of discovered by failure:
    - simple_layout_date_format: {'<layout>': '<strptime format>'}, e.g. '%m/%d/%Y' for
      m/d/yyyy; a layout without an entry reads ISO 8601 dates and timestamps (company_date);
    - simple_layout_decimal_separator: {'<layout>': ','} reads a decimal comma ('1.234,5' =
      1234.5: the '.' is then a thousands separator); default '.'.
    Both are safe: text that does not parse gives NULL, which the classifier turns into an
    unparseable_<column> reject reason naming the column.
-#}

{#- The company date of raw text in the layout's declared date format (safe). -#}
{% macro simple_layout_date(column_expression, layout) -%}
    {%- set date_format = var('simple_layout_date_format', {}).get(layout, '') -%}
    {%- if date_format -%}
        {{ return(adapter.dispatch('simple_layout_date', 'revenue_ops_warehouse')(column_expression, date_format)) }}
    {%- endif -%}
    {{ return(company_date(column_expression, safe=true)) }}
{%- endmacro %}

{% macro default__simple_layout_date(column_expression, date_format) -%}
    {{ exceptions.raise_compiler_error(
        "simple_layout_date_format is implemented for DuckDB only (strptime); on "
        ~ target.type ~ " remove the entry and land ISO 8601 dates"
    ) }}
{%- endmacro %}

{% macro duckdb__simple_layout_date(column_expression, date_format) -%}
    cast(try_strptime(trim(cast({{ column_expression }} as {{ dbt.type_string() }})), '{{ date_format }}') as date)
{%- endmacro %}

{#- A raw decimal number in the layout's declared decimal separator, as decimal(18, 4) (safe). -#}
{% macro simple_layout_decimal(column_expression, layout) -%}
    {%- set separator = var('simple_layout_decimal_separator', {}).get(layout, '.') -%}
    {%- set text_expression = 'trim(cast(' ~ column_expression ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {%- if separator == ',' -%}
        {%- set text_expression = "replace(replace(" ~ text_expression ~ ", '.', ''), ',', '.')" -%}
    {%- elif separator != '.' -%}
        {{ exceptions.raise_compiler_error(
            "simple_layout_decimal_separator['" ~ layout ~ "'] must be '.' or ',', not '" ~ separator ~ "'"
        ) }}
    {%- endif -%}
    {{ return(safe_cast(text_expression, 'decimal(18, 4)')) }}
{%- endmacro %}

{#-
    Open lists (issue 12). A CRM deal without an owner belongs to the owner id
    unassigned_owner_id() ('unassigned'): it stays in every rep slice under that id instead of
    failing a mart's not_null test; the owner relationships test skips it.
-#}
{% macro unassigned_owner_id() -%}
    'unassigned'
{%- endmacro %}

{#- The CRM owner id of raw text: trimmed, blank or NULL -> unassigned_owner_id(). -#}
{% macro owner_or_unassigned(column_expression) -%}
    coalesce(nullif(trim(cast({{ column_expression }} as {{ dbt.type_string() }})), ''), {{ unassigned_owner_id() }})
{%- endmacro %}

{#-
    A lead source missing from seed channel_mapping: by default its channel is 'unknown' (not
    paid) and the relationships test of its lead_source_key to channel_mapping warns, naming the
    seed to add a row to; with var strict_lead_sources: true the channel stays NULL and both
    tests fail the build (severity from var unknown_enum_severity, default error; the tests in
    stg_crm__leads.yml and stg_crm__opportunities.yml read the var).
-#}
{% macro lead_source_channel(mapped_channel_expression) -%}
    {%- if var('strict_lead_sources', false) -%}
        {{ mapped_channel_expression }}
    {%- else -%}
        coalesce({{ mapped_channel_expression }}, 'unknown')
    {%- endif -%}
{%- endmacro %}
