{#-
    Portable SQL (issue 14): the only place where type names and functions that differ
    between DuckDB, PostgreSQL and Spark are written. Models call these macros; the
    pytest tests/python/test_portable_sql.py fails when an engine-specific type name or
    syntax appears outside a dispatched macro. Contracts (data_type:) and seed column_types
    cannot call macros: they template the same names on target.type (see README
    "Running on PostgreSQL and Spark").
-#}

{#- A double-precision float (8 bytes; dbt.type_float() is 4 bytes on DuckDB and Spark). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'revenue_ops_warehouse')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- Text of any length (DuckDB / Postgres varchar, Spark string). -#}
{% macro type_text() -%}
    {{ return(adapter.dispatch('type_text', 'revenue_ops_warehouse')()) }}
{%- endmacro %}

{% macro default__type_text() -%}
    {{ dbt.type_string() }}
{%- endmacro %}

{% macro duckdb__type_text() -%}
    varchar
{%- endmacro %}

{% macro postgres__type_text() -%}
    varchar
{%- endmacro %}

{% macro spark__type_text() -%}
    string
{%- endmacro %}

{#- A timestamp carrying its UTC offset when parsed (Spark's timestamp is an instant). -#}
{% macro type_timestamptz() -%}
    {{ return(adapter.dispatch('type_timestamptz', 'revenue_ops_warehouse')()) }}
{%- endmacro %}

{% macro default__type_timestamptz() -%}
    timestamp with time zone
{%- endmacro %}

{% macro spark__type_timestamptz() -%}
    timestamp
{%- endmacro %}

{#-
    round(x, digits) of a double, as a double. Postgres has no round(double precision,
    integer): it rounds a numeric and casts back.
-#}
{% macro round_double(expression, digits) -%}
    {{ return(adapter.dispatch('round_double', 'revenue_ops_warehouse')(expression, digits)) }}
{%- endmacro %}

{% macro default__round_double(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_double(expression, digits) -%}
    cast(round(cast({{ expression }} as numeric), {{ digits }}) as double precision)
{%- endmacro %}

{#-
    A number (a double, or a decimal quotient) as decimal(precision, scale), with one rounding
    rule on every engine: first to 10 decimal places (decimal(38, 10)), then half away from
    zero to the scale. A single cast rounds differently: DuckDB's cast of a double multiplies
    it by 10^scale in floating point, and its decimal / integer is a double, while Spark
    divides decimals exactly (ARPA 2,696.06535 was 2,696.0654 on DuckDB, 2,696.0653 on Spark
    once a customer's MRR had rounded the other way). The 10-decimal step removes the binary
    noise of a double (a product such as 114,227.81475 stored as ...474999...) the same way
    on every engine; measured on 100,000 amounts x rates and decimal / integer quotients:
    single cast 58 differ between DuckDB and Spark, two steps 0.
-#}
{% macro to_decimal(expression, precision=18, scale=4) -%}
    {{ return(adapter.dispatch('to_decimal', 'revenue_ops_warehouse')(expression, precision, scale)) }}
{%- endmacro %}

{% macro default__to_decimal(expression, precision, scale) -%}
    cast(cast({{ expression }} as decimal(38, 10)) as decimal({{ precision }}, {{ scale }}))
{%- endmacro %}

{#-
    The continuous percentile (linear interpolation) of an expression over the rows of a
    group: an aggregate, e.g. percentile_cont_agg(0.5, 'cycle_days') for the median.
-#}
{% macro percentile_cont_agg(fraction, expression) -%}
    {{ return(adapter.dispatch('percentile_cont_agg', 'revenue_ops_warehouse')(fraction, expression)) }}
{%- endmacro %}

{% macro default__percentile_cont_agg(fraction, expression) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__percentile_cont_agg(fraction, expression) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{#- Day of the week of a date as an integer, 0 = Sunday ... 6 = Saturday. -#}
{% macro day_of_week(date_expression) -%}
    {{ return(adapter.dispatch('day_of_week', 'revenue_ops_warehouse')(date_expression)) }}
{%- endmacro %}

{% macro default__day_of_week(date_expression) -%}
    cast(extract(dow from {{ date_expression }}) as integer)
{%- endmacro %}

{#- Spark's extract(dow) / dayofweek() count 1 = Sunday ... 7 = Saturday. -#}
{% macro spark__day_of_week(date_expression) -%}
    (dayofweek({{ date_expression }}) - 1)
{%- endmacro %}

{#-
    A type name written in the DuckDB / Postgres spelling (the raw-layer contract,
    raw_table_columns()) in the target's spelling: varchar -> type_text(), double ->
    type_double(); the other names there (bigint, integer, boolean, date, decimal(p, s)) are
    the same on every engine.
-#}
{% macro portable_type_name(data_type) -%}
    {%- if data_type | lower == 'varchar' -%}
        {{ return(type_text()) }}
    {%- elif data_type | lower == 'double' -%}
        {{ return(type_double()) }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}
