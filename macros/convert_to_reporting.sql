{#-
    Money in the reporting currency, rounded once per row: amount (decimal, native currency)
    x the FX rate (a double from int_fx_rates_monthly), to decimal(18, 4) before any sum
    (to_decimal(): the same rounding on every engine).
    Sums of decimals do not depend on the order rows are added in, so two builds of the same
    input give the same bytes (a double summed first does not).
-#}
{% macro convert_to_reporting(amount, rate) -%}
    {{ to_decimal('(' ~ amount ~ ') * (' ~ rate ~ ')', 18, 4) }}
{%- endmacro %}

{#-
    Native money x an FX rate that may be missing (a currency without any published rate has
    no row in int_fx_rates_monthly): a native 0 is 0 in every currency, any other amount
    without a rate is unknown (NULL), never 0 or 1 (issue 10, "unknown is NULL").
-#}
{% macro value_at_rate(amount, rate) -%}
    case when {{ amount }} = 0 then 0 else ({{ amount }}) * ({{ rate }}) end
{%- endmacro %}
