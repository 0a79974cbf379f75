{#-
    Finance sales and marketing costs in the reporting currency: one row per cost row of
    stg_finance__sales_marketing_costs, converted at its month's FX rate
    (int_fx_rates_monthly, the one FX rule). The one home of that conversion and of the
    channel-program flag: marketing `programs` costs that name a channel are channel
    program spend (int_marketing_spend_monthly); every other cost is overhead or sales
    cost (fct_cac_monthly).
-#}

with

sales_marketing_costs as (

    select
        sales_marketing_cost_id,
        month_start,
        department,
        cost_type,
        channel,
        amount,
        currency

    from {{ ref('stg_finance__sales_marketing_costs') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

costs_converted as (

    select
        sales_marketing_costs.sales_marketing_cost_id,
        sales_marketing_costs.month_start,
        sales_marketing_costs.department,
        sales_marketing_costs.cost_type,
        sales_marketing_costs.channel,
        sales_marketing_costs.department = 'marketing'
        and sales_marketing_costs.cost_type = 'programs'
        and sales_marketing_costs.channel is not null as is_channel_program,
        sales_marketing_costs.currency,
        sales_marketing_costs.amount as amount_native,
        {{ convert_to_reporting('sales_marketing_costs.amount', 'fx_rates.rate_to_reporting') }}
            as amount_reporting

    from sales_marketing_costs

    left join fx_rates
        on {{ slice_keys_match('sales_marketing_costs', 'fx_rates', ['currency', 'month_start']) }}

)

select * from costs_converted
