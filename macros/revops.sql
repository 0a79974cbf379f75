{#-
    RevOps helpers: the customer dimensions the MRR marts slice by, and the
    standard normal CDF used by the price-test significance check (E1).
-#}

{#- (dimension name, SQL expression on a customer-month row) pairs, 'total' first. -#}
{% macro revops_customer_dimensions(include=none) -%}
    {%- set dimensions = [
        ('total', "'all'"),
        ('segment', 'segment'),
        ('plan', 'plan_name'),
        ('billing_interval', 'billing_interval'),
        ('channel', 'acquisition_channel'),
        ('country', 'country'),
        ('acquisition_cohort', 'acquisition_cohort_month'),
    ] -%}
    {%- if include is none -%}
        {{ return(dimensions) }}
    {%- else -%}
        {{ return(dimensions | selectattr(0, 'in', include) | list) }}
    {%- endif -%}
{%- endmacro %}

{#-
    The customer-month columns the dimensions of revops_customer_dimensions() read (all but
    'total'), one a line and each with its trailing comma (none at all when a unit test
    overrides the dimensions to 'total' only), for the import CTEs of the models that slice
    by them; `prefix` qualifies them (e.g. 'cohort_start.'), `indent` is the indentation of
    the lines after the first.
-#}
{% macro revops_dimension_columns(prefix='', indent=8) -%}
    {%- set columns = [] -%}
    {%- for dimension, expression in revops_customer_dimensions() if dimension != 'total' -%}
        {%- do columns.append(prefix ~ expression) -%}
    {%- endfor -%}
    {{ columns | join(',\n' ~ ' ' * indent) }}{{ ',' if columns }}
{%- endmacro %}

{#- A SQL list literal of the coupon durations that reduce MRR (var mrr_discount_durations). -#}
{% macro revops_discount_duration_list() -%}
    {%- set durations = var('mrr_discount_durations', ['forever']) -%}
    {%- if durations | length == 0 -%}
        ('_none_')
    {%- else -%}
        ({% for duration in durations %}'{{ duration }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#-
    erfc(|x| / sqrt(2)) by the Abramowitz and Stegun 7.1.26 approximation of erf
    (portable SQL: abs, exp, sqrt). Its maximum absolute error is 1.5e-7, so
    normal_cdf is within 7.5e-8 and two_sided_p_value within 1.5e-7 of the exact
    value (checked against math.erf in tests/python).
-#}
{% macro erfc_of_abs_over_sqrt2(x) -%}
    {%- set u = "(abs(cast(" ~ x ~ " as " ~ type_double() ~ ")) / sqrt(2.0))" -%}
    {%- set t = "(1.0 / (1.0 + 0.3275911 * " ~ u ~ "))" -%}
    (
        (
            0.254829592 * {{ t }}
            - 0.284496736 * {{ t }} * {{ t }}
            + 1.421413741 * {{ t }} * {{ t }} * {{ t }}
            - 1.453152027 * {{ t }} * {{ t }} * {{ t }} * {{ t }}
            + 1.061405429 * {{ t }} * {{ t }} * {{ t }} * {{ t }} * {{ t }}
        ) * exp(-1.0 * {{ u }} * {{ u }})
    )
{%- endmacro %}

{#- Standard normal CDF, P(Z <= x). -#}
{% macro normal_cdf(x) -%}
    (case
        when cast({{ x }} as {{ type_double() }}) >= 0
            then 1.0 - 0.5 * {{ erfc_of_abs_over_sqrt2(x) }}
        else 0.5 * {{ erfc_of_abs_over_sqrt2(x) }}
    end)
{%- endmacro %}

{#- Two-sided p-value of a standard normal statistic: 2 * (1 - cdf(|z|)). -#}
{% macro two_sided_p_value(z) -%}
    {{ erfc_of_abs_over_sqrt2(z) }}
{%- endmacro %}
