{#-
    A salted hash standing in for a person's identity (an e-mail) past staging: the same
    person gets the same key, the value itself never reaches a mart. The salt comes from
    the environment variable PII_HASH_SALT (set your own in production; the default is the
    demo's). NULL stays NULL.
-#}
{% macro pii_hash(expression) -%}
    case
        when {{ expression }} is not null
            then {{ dbt.hash(dbt.concat([
                "'" ~ env_var('PII_HASH_SALT', 'revenue-ops-warehouse-demo') ~ "'",
                "'|'",
                expression,
            ])) }}
    end
{%- endmacro %}
