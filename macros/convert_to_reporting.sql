{#-
    Money in the reporting currency, rounded once per row: amount (decimal, native currency)
    x the FX rate (a double from int_fx_rates_monthly), cast to decimal(18, 4) before any sum.
    Sums of decimals do not depend on the order rows are added in, so two builds of the same
    input give the same bytes (a double summed first does not).
-#}
{% macro convert_to_reporting(amount, rate) -%}
    cast(({{ amount }}) * ({{ rate }}) as decimal(18, 4))
{%- endmacro %}
