{#-
    Seeds on Spark (issue 14). dbt-spark 1.11's spark__load_csv_rows passes each value as a
    binding that the session method pastes into the SQL without escaping, so a name such
    as O'Brien breaks the INSERT (raw_billing__customer, raw_crm__account, raw_crm__lead and
    raw_crm__user failed). This copy writes each value as an escaped Spark string literal
    (NULL for a missing value), cast to the column's type as before.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
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
