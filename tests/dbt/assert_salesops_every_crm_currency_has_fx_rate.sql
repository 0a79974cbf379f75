{#-
    SalesOps models convert CRM amounts with int_fx_rates_monthly (FX of the close month,
    or the created month for open deals; carried forward and back-filled). A currency with
    no published rate at all would drop deals from value sums silently, so every (month,
    currency) that CRM opportunities use inside the report calendar must have a rate there
    (the reporting currency always has one). A dataset that has, by
    design, no rate for its currency (Olist: BRL) sets var missing_fx_rate_severity: warn.
-#}

{{ config(severity=var('missing_fx_rate_severity', 'error')) }}

with

calendar_months as (

    select month_start
    from {{ ref('dim_months') }}

),

opportunities as (

    select
        currency,
        cast({{ dbt.date_trunc('month', 'coalesce(close_date, created_date)') }} as date)
            as month_start

    from {{ ref('stg_crm__opportunities') }}

    where currency is not null

),

fx_rates as (

    select
        month_start,
        currency

    from {{ ref('int_fx_rates_monthly') }}

),

currency_months_used as (

    select distinct
        opportunities.month_start,
        opportunities.currency

    from opportunities

    inner join calendar_months
        on opportunities.month_start = calendar_months.month_start

),

currency_months_without_rate as (

    select
        currency_months_used.month_start,
        currency_months_used.currency

    from currency_months_used

    left join fx_rates
        on
            currency_months_used.month_start = fx_rates.month_start
            and currency_months_used.currency = fx_rates.currency

    where fx_rates.currency is null

)

select * from currency_months_without_rate
