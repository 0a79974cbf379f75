{#-
    Periods of constant MRR from the simple billing layout (var billing_layout:
    subscription_periods): the MRR engine reads them directly (int_subscription_periods), no
    invoices are needed. Rows with a reject reason are in stg_billing__subscription_periods_rejects.
-#}

with

subscription_periods as (

    select
        subscription_period_id,
        customer_id,
        subscription_id,
        crm_account_id,
        plan_name,
        billing_interval,
        billing_period_months,
        currency,
        start_date,
        end_date,
        quantity,
        amount,
        discount_amount,
        mrr

    from {{ ref('base_billing__subscription_periods_classified') }}
    where {{ kept_rows() }}

)

select * from subscription_periods
