{#-
    The column list of the model being built, in the order of its YAML (for a mart: its
    enforced contract), one column a line. A thin published mart selects
    {{ contract_columns() }} from its intermediate, so the list is written once, in the YAML.
    A unit test's node carries no columns and its context no graph (dbt 1.11): there it
    renders `*`, and the test compares the columns its expected rows name.
-#}
{% macro contract_columns() -%}
    {%- if model.resource_type == 'unit_test' -%}
        *
    {%- else -%}
        {{ model.columns.keys() | join(',\n        ') }}
    {%- endif -%}
{%- endmacro %}

{#-
    The whole body of a thin published mart: its contracted columns read from the intermediate
    where the logic lives, optionally filtered (e.g. where = 'is_reporting_month').
-#}
{% macro publish_contract_columns(intermediate, where=none) -%}
with

published as (

    select
        {{ contract_columns() }}

    from {{ ref(intermediate) }}
    {%- if where %}

    where {{ where }}
    {%- endif %}

)

select * from published
{%- endmacro %}
