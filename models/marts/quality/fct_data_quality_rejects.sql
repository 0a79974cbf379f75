{#-
    Rejected raw rows per raw table and reject reason, for this build (issue 10): every
    classifier of staging_tables() (one row per raw row, reject_reason NULL = kept) counted
    once. reject_share is the reason's share of the table's raw rows; the tests of
    fct_data_quality_rejects.yml warn above var reject_share_warn and fail above var
    reject_share_error (per table, all reasons together).
-#}

{%- set classifiers = [] -%}
{%- for source_name, table_name, model_name, rejects_model in staging_tables() if rejects_model -%}
    {%- do classifiers.append((source_name ~ '.' ~ table_name, staging_classifier(model_name))) -%}
{%- endfor %}

with

{% for raw_table, classifier in classifiers -%}
{{ classifier }} as (

    select reject_reason from {{ ref(classifier) }}

),

{% endfor -%}

counted as (

    {%- for raw_table, classifier in classifiers %}

    select
        cast('{{ raw_table }}' as {{ dbt.type_string() }}) as raw_table,
        cast(reject_reason as {{ dbt.type_string() }}) as reject_reason,
        cast(count(*) as bigint) as rejected_rows,
        cast((select count(*) from {{ classifier }}) as bigint) as raw_rows

    from {{ classifier }}
    where {{ rejected_rows() }}
    group by reject_reason
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        raw_table || ':' || reject_reason as raw_table_reason,
        raw_table,
        reject_reason,
        rejected_rows,
        raw_rows,
        cast(rejected_rows as double) / nullif(raw_rows, 0) as reject_share

    from counted

)

select * from final
