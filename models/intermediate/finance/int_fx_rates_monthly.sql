{#-
    The one FX rule (G5): for every month of int_calendar_months and every currency
    with a published rate, the rate to the reporting currency in force. A month
    without a published rate carries the latest earlier rate forward; months before
    the first published rate take the earliest one (back-fill). The reporting
    currency is 1 in every month with no input row needed. Every model that converts
    money reads this model; none reads stg_finance__fx_rates.
-#}

{{ config(materialized='table') }}

with

calendar_months as (

    select month_start

    from {{ ref('int_calendar_months') }}

),

fx_rates as (

    select
        month_start,
        upper(currency) as currency,
        rate_to_reporting

    from {{ ref('stg_finance__fx_rates') }}

    where upper(currency) != upper('{{ var("reporting_currency") }}')

),

rates_ranked as (

    select
        calendar_months.month_start,
        fx_rates.currency,
        fx_rates.month_start as rate_month_start,
        fx_rates.rate_to_reporting,
        row_number() over (
            partition by calendar_months.month_start, fx_rates.currency
            order by
                case
                    when fx_rates.month_start <= calendar_months.month_start then 0
                    else 1
                end,
                case
                    when fx_rates.month_start <= calendar_months.month_start
                        then {{ dbt.datediff(
                            'fx_rates.month_start', 'calendar_months.month_start', 'month'
                        ) }}
                end,
                fx_rates.month_start
        ) as rate_rank

    from calendar_months

    cross join fx_rates

),

rates_chosen as (

    select
        month_start,
        currency,
        cast(rate_to_reporting as {{ type_double() }}) as rate_to_reporting,
        rate_month_start != month_start as is_rate_carried

    from rates_ranked

    where rate_rank = 1

),

reporting_currency_rates as (

    select
        month_start,
        upper('{{ var("reporting_currency") }}') as currency,
        cast(1.0 as {{ type_double() }}) as rate_to_reporting,
        false as is_rate_carried

    from calendar_months

),

fx_rates_monthly as (

    select * from rates_chosen

    union all

    select * from reporting_currency_rates

)

select * from fx_rates_monthly
