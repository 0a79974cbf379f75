{#-
    Guard against silently empty metric marts (issue 10 item 2): one failing row per mart
    that has no rows while its inputs have rows in this build —
    - fct_customer_mrr_months and fct_mrr_arr_monthly when staging keeps subscription items
      of kept subscriptions (billable subscriptions);
    - fct_opportunities when stg_crm__opportunities has rows;
    - fct_cost_per_lead_monthly when int_ad_spend_daily (ad spend) has rows.
-#}

with

subscription_items as (

    select count(*) as input_rows from {{ ref('stg_billing__subscription_items') }}

),

opportunities as (

    select count(*) as input_rows from {{ ref('stg_crm__opportunities') }}

),

ad_spend as (

    select count(*) as input_rows from {{ ref('int_ad_spend_daily') }}

),

checks as (

    select
        'fct_customer_mrr_months' as mart,
        (select input_rows from subscription_items) as input_rows,
        (select count(*) from {{ ref('fct_customer_mrr_months') }}) as mart_rows

    union all

    select
        'fct_mrr_arr_monthly' as mart,
        (select input_rows from subscription_items) as input_rows,
        (select count(*) from {{ ref('fct_mrr_arr_monthly') }}) as mart_rows

    union all

    select
        'fct_opportunities' as mart,
        (select input_rows from opportunities) as input_rows,
        (select count(*) from {{ ref('fct_opportunities') }}) as mart_rows

    union all

    select
        'fct_cost_per_lead_monthly' as mart,
        (select input_rows from ad_spend) as input_rows,
        (select count(*) from {{ ref('fct_cost_per_lead_monthly') }}) as mart_rows

),

empty_marts as (

    select
        mart,
        input_rows,
        mart_rows

    from checks
    where input_rows > 0 and mart_rows = 0

)

select * from empty_marts
