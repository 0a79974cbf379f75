{#-
    The billing customer with its CRM attributes (static in v1, G10):
    segment and country from the CRM account linked through the billing
    metadata (crm_account_id) or the account's stripe_customer_id_c, the
    first-touch acquisition channel of the account's earliest converted lead
    ('unknown' when there is none), and the acquisition cohort: the month of the
    first paid month-end.
-#}

with

billing_customers as (

    select
        customer_id,
        crm_account_id,
        customer_name,
        currency

    from {{ ref('stg_billing__customers') }}

),

accounts as (

    select
        account_id,
        segment,
        country_code,
        billing_customer_id

    from {{ ref('stg_crm__accounts') }}

),

leads as (

    select
        lead_id,
        channel,
        is_paid_channel,
        created_at,
        is_converted,
        converted_account_id

    from {{ ref('stg_crm__leads') }}

),

customer_mrr_month_ends as (

    select
        customer_id,
        month_start

    from {{ ref('int_customer_mrr_month_ends') }}

),

accounts_by_billing_customer as (

    select
        billing_customer_id,
        account_id,
        row_number() over (partition by billing_customer_id order by account_id) as account_rank

    from accounts

    where billing_customer_id is not null

),

customers_linked_to_accounts as (

    select
        billing_customers.customer_id,
        billing_customers.customer_name,
        billing_customers.currency,
        coalesce(accounts.account_id, accounts_by_billing_customer.account_id) as crm_account_id

    from billing_customers

    left join accounts
        on billing_customers.crm_account_id = accounts.account_id

    left join accounts_by_billing_customer
        on
            billing_customers.customer_id = accounts_by_billing_customer.billing_customer_id
            and accounts_by_billing_customer.account_rank = 1

),

first_touch_leads as (

    select
        converted_account_id,
        channel,
        is_paid_channel,
        row_number() over (
            partition by converted_account_id
            order by created_at, lead_id
        ) as lead_rank

    from leads

    where is_converted and converted_account_id is not null

),

first_paid_months as (

    select
        customer_id,
        min(month_start) as first_paid_month

    from customer_mrr_month_ends

    group by 1

),

customers_described as (

    select
        customers_linked_to_accounts.customer_id,
        customers_linked_to_accounts.crm_account_id,
        customers_linked_to_accounts.customer_name,
        upper(customers_linked_to_accounts.currency) as currency,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(first_touch_leads.channel, 'unknown') as acquisition_channel,
        coalesce(first_touch_leads.is_paid_channel, false) as is_paid_channel,
        coalesce(accounts.country_code, 'unknown') as country_code,
        first_paid_months.first_paid_month,
        first_paid_months.first_paid_month as acquisition_cohort_month

    from customers_linked_to_accounts

    left join accounts
        on customers_linked_to_accounts.crm_account_id = accounts.account_id

    left join first_touch_leads
        on
            customers_linked_to_accounts.crm_account_id = first_touch_leads.converted_account_id
            and first_touch_leads.lead_rank = 1

    left join first_paid_months
        on customers_linked_to_accounts.customer_id = first_paid_months.customer_id

)

select * from customers_described
