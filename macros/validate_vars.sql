{#-
    Checked at the start of every dbt run, build, test and seed (on-run-start): each var
    with a closed set of values, each date var and each severity map. A wrong value stops
    the run with one message that names the var, the value and what is allowed, before any
    model runs (instead of dozens of errors further down).
-#}
{% macro validate_vars() -%}
    {%- set closed_vars = {
        'raw_data_mode': ['seeds', 'source'],
        'crm_layout': ['salesforce', 'hubspot', 'simple'],
        'billing_layout': ['stripe', 'subscription_periods'],
        'subscription_overlap_rule': ['sum', 'latest'],
        'strict_lead_sources': [true, false],
        'stripe_subscription_items_from': ['table', 'subscription'],
        'ad_reporting_layout': ['demo', 'fivetran', 'ad_spend'],
        'renewal_rate_basis': ['resolved', 'due'],
        'missing_fx_rate_severity': ['error', 'warn'],
        'stripe_plan_table': [true, false],
    } -%}
    {%- set problems = [] -%}
    {%- for name, allowed in closed_vars.items() -%}
        {%- set value = var(name) -%}
        {%- if value not in allowed -%}
            {%- do problems.append(
                "var " ~ name ~ " = " ~ (value | tojson) ~ ": allowed values are "
                ~ (allowed | map('tojson') | join(', '))
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['unknown_enum_severity', 'orphan_key_severity'] -%}
        {%- set severities = var(name) -%}
        {%- if severities is not mapping -%}
            {%- do problems.append(
                "var " ~ name ~ " = " ~ (severities | tojson)
                ~ ": expected a map {'<source>.<table>': warn | error}"
            ) -%}
        {%- else -%}
            {%- for table, severity in severities.items() -%}
                {%- if severity not in ['warn', 'error'] -%}
                    {%- do problems.append(
                        "var " ~ name ~ "['" ~ table ~ "'] = " ~ (severity | tojson)
                        ~ ": allowed values are \"warn\", \"error\""
                    ) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['as_of_date', 'reporting_start_month'] -%}
        {%- set value = var(name) | string -%}
        {%- if not modules.re.match('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', value) -%}
            {%- do problems.append(
                "var " ~ name ~ " = " ~ (value | tojson) ~ ": expected a date written YYYY-MM-DD"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if var('reporting_start_month') | string > var('as_of_date') | string -%}
        {%- do problems.append(
            "var reporting_start_month (" ~ var('reporting_start_month') ~ ") is after var as_of_date ("
            ~ var('as_of_date') ~ "): the report calendar would be empty"
        ) -%}
    {%- endif -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "Invalid project vars (set them in dbt_project.yml or with --vars):\n  - "
            ~ (problems | join("\n  - "))
        ) }}
    {%- endif -%}
{%- endmacro %}
