{#-
    Lossless staging: for every raw table in staging_tables(), the raw row count equals the
    staged rows plus the rejected rows (architecture.md, "Staging interfaces"). A table with a
    rejects model is classified once in base_<source>__<entity>_classified (staging_classifier());
    its row count must equal the raw count too (a classifier's joins must not add or drop rows).
    Returns one row per table that does not reconcile.
    assert_staging_table_list_covers_every_raw_table checks that the list names every declared
    raw table. Connector-only lookup tables (model
    none in staging_tables(), e.g. HubSpot deal_pipeline_stage) are joined, not staged, and are
    skipped; a table a connector layout adapts is reconciled on its adapter model's rows.
-#}

with

row_counts as (
    {%- for source_name, table_name, model_name, rejects_name in staging_tables() if model_name %}
        {%- if rejects_name %}
            {%- set count_rejected = '(select count(*) from ' ~ ref(rejects_name) ~ ')' %}
            {%- set classifier = ref(staging_classifier(model_name)) %}
            {%- set count_classified = '(select count(*) from ' ~ classifier ~ ')' %}
        {%- else %}
            {%- set count_rejected = '0' %}
            {%- set count_classified = 'null' %}
        {%- endif %}

        select
            '{{ source_name }}.{{ table_name }}' as raw_table,
            (select count(*) from {{ raw_source(source_name, table_name) }}) as count_raw,
            (select count(*) from {{ ref(model_name) }}) as count_staged,
            {{ count_rejected }} as count_rejected,
            {{ count_classified }} as count_classified
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

)

select * from row_counts
where
    count_raw != count_staged + count_rejected
    or count_raw != coalesce(count_classified, count_raw)
