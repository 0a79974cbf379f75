{#-
    The FX rate in force for every month the MRR engine values
    (int_mrr_history_months) and currency. A month without a published rate carries the latest earlier rate
    forward (or, before the first rate, takes the earliest one); the reporting
    currency is always 1 (G5).
-#}

with

months as (

    select month_start

    from {{ ref('int_mrr_history_months') }}

),

fx_rates as (

    select
        month_start,
        upper(currency) as currency,
        rate_to_reporting

    from {{ ref('stg_finance__fx_rates') }}

),

currencies as (

    select currency from fx_rates

    union

    select upper('{{ var("reporting_currency") }}') as currency

),

rates_ranked as (

    select
        months.month_start,
        currencies.currency,
        fx_rates.month_start as rate_month_start,
        fx_rates.rate_to_reporting,
        row_number() over (
            partition by months.month_start, currencies.currency
            order by
                case when fx_rates.month_start <= months.month_start then 0 else 1 end,
                case
                    when fx_rates.month_start <= months.month_start
                        then {{ dbt.datediff(
                            'fx_rates.month_start', 'months.month_start', 'month'
                        ) }}
                end,
                fx_rates.month_start
        ) as rate_rank

    from months

    cross join currencies

    left join fx_rates
        on
            currencies.currency = fx_rates.currency

),

rates_chosen as (

    select
        month_start,
        currency,
        case
            when currency = upper('{{ var("reporting_currency") }}') then 1.0
            else cast(rate_to_reporting as double)
        end as rate_to_reporting,
        coalesce(
            currency != upper('{{ var("reporting_currency") }}')
            and rate_month_start != month_start,
            false
        ) as is_rate_carried

    from rates_ranked

    where rate_rank = 1

)

select * from rates_chosen
