{#-
    Checked at the start of every dbt run, build, test and seed (on-run-start): each var
    with a closed set of values, each date var and each severity map. A wrong value stops
    the run with one message that names the var, the value and what is allowed, before any
    model runs (instead of dozens of errors further down). A --vars key that is no var of the
    project (a typo: crm_layuot) stops it too, instead of the default being used silently.
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
    {#- A misspelled --vars key would be ignored and its default used: named instead. -#}
    {%- set cli_vars = invocation_args_dict.get('vars') or {} -%}
    {%- set known = project_var_names() -%}
    {%- for name in (cli_vars if cli_vars is mapping else {}) if name not in known -%}
        {#- the vars sharing its first three letters, the longest shared start first -#}
        {%- set ranked = [] -%}
        {%- for candidate in known if candidate[:3] == name[:3] -%}
            {%- set shared = namespace(length=0) -%}
            {%- for position in range([candidate | length, name | length] | min) -%}
                {%- if shared.length == position and candidate[position] == name[position] -%}
                    {%- set shared.length = position + 1 -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do ranked.append((100 - shared.length, candidate)) -%}
        {%- endfor -%}
        {%- set alike = ranked | sort | map(attribute=1) | list -%}
        {%- do problems.append(
            "var " ~ name ~ " (--vars) is not a var of this project"
            ~ ((": did you mean " ~ (alike | join(' or ')) ~ "?") if alike else "")
            ~ " (every var is listed, with its default, in dbt_project.yml vars: and README \"Configuration (vars)\")"
        ) -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "Invalid project vars (set them in dbt_project.yml or with --vars):\n  - "
            ~ (problems | join("\n  - "))
        ) }}
    {%- endif -%}
{%- endmacro %}


{#-
    The name of every project var: the keys of dbt_project.yml `vars:` (Jinja cannot read
    that file; tests/python/test_validate_vars.py fails when the two lists differ).
-#}
{% macro project_var_names() -%}
    {{ return([
        'raw_data_mode', 'raw_schema', 'crm_external_location',
        'marketing_external_location', 'billing_external_location',
        'finance_external_location', 'crm_layout', 'stripe_plan_table',
        'stripe_subscription_items_from', 'ad_reporting_layout', 'billing_layout',
        'subscription_overlap_rule', 'simple_layout_date_format',
        'simple_layout_decimal_separator', 'strict_lead_sources',
        'source_loaded_at_field', 'raw_table_identifiers', 'raw_absent_tables',
        'raw_tables_allowed_empty', 'null_markers', 'reject_share_warn',
        'reject_share_error', 'default_currency_when_missing', 'unknown_enum_severity',
        'orphan_key_severity', 'company_time_zone', 'reporting_currency',
        'missing_fx_rate_severity', 'reporting_start_month', 'as_of_date',
        'incremental_lookback_days', 'reactivation_window_months',
        'mrr_discount_durations', 'retention_lookback_months', 'renewal_rate_basis',
        'benchmark_annual_churn_low', 'benchmark_annual_churn_high',
        'ltv_churn_window_months', 'ltv_min_churn_months_for_trust',
        'ltv_max_lifetime_months', 'min_customers_for_rates',
        'mql_to_sql_maturity_days', 'close_rate_maturity_days', 'lead_score_band_width',
        'mql_score_threshold', 'lead_scoring_senior_title_patterns',
        'lead_scoring_saas_industries', 'lead_scoring_min_employees',
        'lead_scoring_max_employees', 'lead_scoring_free_email_domains',
        'lead_scoring_student_email_patterns', 'velocity_lookback_months',
        'no_decision_loss_reasons', 'coaching_min_closed_opportunities',
        'coaching_attainment_threshold', 'coaching_win_rate_gap',
        'coaching_window_months', 'rep_ramp_months',
        'price_test_conversion_window_days', 'price_test_significance_level',
        'bi_read_role'
    ]) }}
{%- endmacro %}
