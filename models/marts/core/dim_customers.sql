{#-
    The billing customer with its CRM attributes and acquisition cohort, one row
    per billing customer, published from int_customers (the one home of the
    customer attribution, DECISIONLOG R17) under a contract.
-#}

with

customers as (

    select
        customer_id,
        crm_account_id,
        customer_name,
        currency,
        segment,
        acquisition_channel,
        is_paid_channel,
        acquisition_channel_source,
        acquisition_opportunity_id,
        acquisition_campaign_id,
        country_code,
        first_paid_month,
        acquisition_cohort_month

    from {{ ref('int_customers') }}

)

select * from customers
