{#-
    Read-only BI access (issue 14): on-run-end grants var bi_read_role (default revops_bi)
    USAGE on the schemas of the marts and SELECT on their tables, nothing else: staging,
    raw, lookups and intermediate schemas stay refused. Re-run after every build because a
    rebuilt table is a new table. A role that does not exist on the server is logged and
    skipped (var bi_read_role: '' turns it off). DuckDB and Spark have no roles: no-op.
-#}
{% macro grant_bi_read_access() -%}
    {{ return(adapter.dispatch('grant_bi_read_access', 'revenue_ops_warehouse')()) }}
{%- endmacro %}

{% macro default__grant_bi_read_access() -%}
    {{ return('') }}
{%- endmacro %}

{% macro postgres__grant_bi_read_access() -%}
    {%- set role = var('bi_read_role', 'revops_bi') -%}
    {%- if not execute or not role -%}
        {{ return('') }}
    {%- endif -%}
    {%- set mart_schemas = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.fqn[1] == 'marts'
            and node.schema not in mart_schemas -%}
            {%- do mart_schemas.append(node.schema) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set role_found = run_query(
        "select 1 from pg_roles where rolname = '" ~ role ~ "'") -%}
    {%- if role_found | length == 0 -%}
        {{ log("grant_bi_read_access: role " ~ role ~ " does not exist on this server: no "
            ~ "grants (create it, see scripts/postgres_setup.sh, or set var bi_read_role: '')",
            info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- set existing = run_query(
        "select schema_name from information_schema.schemata where schema_name in ('"
        ~ mart_schemas | join("', '") ~ "')").columns[0].values() -%}
    {%- for schema in existing %}
    grant usage on schema "{{ schema }}" to "{{ role }}";
    grant select on all tables in schema "{{ schema }}" to "{{ role }}";
    {%- endfor %}
{%- endmacro %}
