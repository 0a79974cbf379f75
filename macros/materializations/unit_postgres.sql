{#-
    dbt-core 1.11's unit-test materialization (global_project tests/unit.sql) for Postgres,
    changed in two places: the temp relation is named from a shortened test name, because
    Postgres refuses identifiers over 63 characters and many unit-test names are longer;
    numeric columns are compared through trim_scale() (values, not their printed scale).
-#}
{%- materialization unit, adapter='postgres' -%}

  {% set relations = [] %}
  {% set sql_header = config.get('sql_header') if flags.REQUIRE_SQL_HEADER_IN_TEST_CONFIGS else none %}

  {% set expected_rows = config.get('expected_rows') %}
  {% set expected_sql = config.get('expected_sql') %}
  {% set tested_expected_column_names = expected_rows[0].keys() if (expected_rows | length ) > 0 else get_columns_in_query(sql) %}

  {#- Postgres identifiers stop at 63 characters: a long unit-test name is shortened (kept
      unique by a hash of the whole name) before the temp table's suffix is added. -#}
  {%- set identifier = this.identifier if this.identifier | length <= 40
      else this.identifier[:31] ~ '_' ~ local_md5(this.identifier)[:8] -%}
  {%- set target_relation = this.incorporate(path={'identifier': identifier}, type='table') -%}
  {%- set temp_relation = make_temp_relation(target_relation)-%}
  {% do run_query(get_create_table_as_sql(True, temp_relation, get_empty_subquery_sql(sql))) %}
  {%- set columns_in_relation = adapter.get_columns_in_relation(temp_relation) -%}
  {%- set column_name_to_data_types = {} -%}
  {%- set column_name_to_quoted = {} -%}
  {%- for column in columns_in_relation -%}
  {%-   do column_name_to_data_types.update({column.name|lower: column.data_type}) -%}
  {%-   do column_name_to_quoted.update({column.name|lower: column.quoted}) -%}
  {%- endfor -%}

  {%- set expected_column_names_quoted = [] -%}
  {%- for column_name in tested_expected_column_names -%}
  {%-   set quoted = column_name_to_quoted[column_name|lower] -%}
  {#-   Rows are compared as text: a numeric that lost its scale through an expression
        prints 100.0000 where the expected row's numeric prints 100; trim_scale compares
        the values (both sides, no rounding). -#}
  {%-   if (column_name_to_data_types[column_name|lower] | lower).startswith('numeric') -%}
  {%-     do expected_column_names_quoted.append('trim_scale(' ~ quoted ~ ') as ' ~ quoted) -%}
  {%-   else -%}
  {%-     do expected_column_names_quoted.append(quoted) -%}
  {%-   endif -%}
  {%- endfor -%}

  {% if not expected_sql %}
  {%   set expected_sql = get_expected_sql(expected_rows, column_name_to_data_types, column_name_to_quoted) %}
  {% endif %}
  {% set unit_test_sql = get_unit_test_sql(sql, expected_sql, expected_column_names_quoted) %}

  {% call statement('main', fetch_result=True) -%}

    {% if sql_header %}{{ sql_header }}{% endif %}
    {{ unit_test_sql }}

  {%- endcall %}

  {% do adapter.drop_relation(temp_relation) %}

  {{ return({'relations': relations}) }}

{%- endmaterialization -%}
