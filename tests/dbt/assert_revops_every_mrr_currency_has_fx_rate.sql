{#-
    Every currency that carries MRR has an FX rate for every report month (G5); without
    one, int_customer_mrr_months values the customer's MRR as NULL (unknown, never 0,
    which would book a false churn), and this test names the currency and month.
-#}

with

customer_mrr_month_ends as (

    select distinct
        month_start,
        currency

    from {{ ref('int_customer_mrr_month_ends') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

currencies_without_rate as (

    select
        customer_mrr_month_ends.month_start,
        customer_mrr_month_ends.currency

    from customer_mrr_month_ends

    left join fx_rates
        on
            customer_mrr_month_ends.month_start = fx_rates.month_start
            and customer_mrr_month_ends.currency = fx_rates.currency

    where fx_rates.rate_to_reporting is null

)

select * from currencies_without_rate
