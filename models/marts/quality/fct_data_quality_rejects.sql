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

classified_rows as (
    {% for raw_table, classifier in classifiers %}
        select
            cast('{{ raw_table }}' as {{ dbt.type_string() }}) as raw_table,
            cast(reject_reason as {{ dbt.type_string() }}) as reject_reason
        from {{ ref(classifier) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

raw_rows_counted as (

    select
        raw_table,
        count(*) as raw_rows

    from classified_rows

    group by 1

),

rejects_counted as (

    select
        raw_table,
        reject_reason,
        count(*) as rejected_rows

    from classified_rows

    where {{ rejected_rows() }}

    group by 1, 2

),

data_quality_rejects as (

    select
        {{ dbt.concat(['rejects_counted.raw_table', "':'", 'rejects_counted.reject_reason']) }}
            as raw_table_reason,
        rejects_counted.raw_table,
        rejects_counted.reject_reason,
        cast(rejects_counted.rejected_rows as bigint) as rejected_rows,
        cast(raw_rows_counted.raw_rows as bigint) as raw_rows,
        cast(rejects_counted.rejected_rows as {{ type_double() }})
        / nullif(raw_rows_counted.raw_rows, 0) as reject_share

    from rejects_counted

    inner join raw_rows_counted
        on rejects_counted.raw_table = raw_rows_counted.raw_table

)

select * from data_quality_rejects
