{#-
    Seeds on Spark (issue 14). With the in-process session (DBT_SPARK_METHOD session, the
    profile's default) Spark reads the seed's CSV file itself: spark_load_csv_file() below,
    about 14 times faster than SQL literals (the 49,350-row lead-event seed: 5.6 s instead
    of 80 s on a loaded machine). Elsewhere (a Thrift server or a cluster does not see this
    machine's files) the literal INSERTs below run: dbt-spark 1.11's spark__load_csv_rows
    passes each value as a binding that the session method pastes into the SQL without
    escaping, so a name such as O'Brien breaks the INSERT (raw_billing__customer,
    raw_crm__account, raw_crm__lead and raw_crm__user failed). This copy writes each value
    as an escaped Spark string literal (NULL for a missing value), cast to the column's type.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- if env_var('DBT_SPARK_METHOD', 'session') == 'session' -%}
        {{ return(spark_load_csv_file(model, agate_table)) }}
    {%- endif -%}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name,
            adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
        insert into {{ this.render() }} values
        {% for row in chunk -%}
            ({%- for value in row -%}
                {%- if value is none -%}
                cast(null as {{ types[loop.index0] }})
                {%- else -%}
                cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ types[loop.index0] }})
                {%- endif -%}
                {%- if not loop.last %}, {% endif -%}
            {%- endfor -%})
            {%- if not loop.last %},{% endif %}
        {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}

{#-
    A seed loaded by Spark's own CSV reader (session method only: the file must be on the
    machine that runs Spark). Every value is read as text, then cast to the column type of
    the seed table (the types dbt inferred or column_types), as the literal path does; a
    value that is empty or 'null' after trimming (case-insensitive) is NULL, as in dbt's CSV
    reader (agate). The loaded row count must equal dbt's: otherwise a named error.
-#}
{% macro spark_load_csv_file(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set delimiter = model['config'].get('delimiter', ',') or ',' -%}
    {%- set csv_path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set view_name = 'seed_csv__' ~ model['name'] -%}
    {%- set expressions = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
        {%- set column = '`' ~ (col_name | string | replace('`', '``')) ~ '`' -%}
        {%- do expressions.append(
            'cast(case when lower(trim(' ~ column ~ ")) in ('', 'null') then null else "
            ~ column ~ ' end as ' ~ type ~ ')'
        ) -%}
    {%- endfor -%}
    {%- set create_view -%}
        create or replace temporary view `{{ view_name }}`
        using csv
        options (
            path '{{ csv_path | replace("\\", "\\\\") | replace("'", "\\'") }}',
            header 'true',
            delimiter '{{ delimiter }}',
            quote '"',
            escape '"',
            multiLine 'true',
            encoding 'UTF-8',
            mode 'FAILFAST'
        )
    {%- endset -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
            {{ expressions | join(',\n            ') }}
        from `{{ view_name }}`
    {%- endset -%}
    {%- do run_query(create_view) -%}
    {%- do run_query(sql) -%}
    {%- set loaded = run_query('select count(*) from ' ~ this.render()).columns[0].values()[0] -%}
    {%- do run_query('drop view if exists `' ~ view_name ~ '`') -%}
    {%- if loaded != (agate_table.rows | length) -%}
        {{ exceptions.raise_compiler_error(
            'Spark seed ' ~ model['name'] ~ ': ' ~ loaded ~ ' rows read from ' ~ csv_path
            ~ ', dbt read ' ~ (agate_table.rows | length)) }}
    {%- endif -%}
    {{ return(create_view ~ ';\n' ~ sql) }}
{% endmacro %}
