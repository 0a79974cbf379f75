{#-
    The billing customer with its CRM attributes (static in v1, G10):
    segment and country from the CRM account linked through the billing
    metadata (crm_account_id) or the account's stripe_customer_id_c, the
    first-touch acquisition channel (DECISIONLOG R17): the channel of the
    account's earliest converted lead, else the channel (lead source via
    lookups/channel_mapping) of the account's earliest won new-business
    opportunity, else 'unknown'; is_paid_channel from the channel mapping; the
    acquisition campaign = the campaign_id of that earliest won new-business
    opportunity; and the acquisition cohort: the month of the first paid
    month-end (over the whole billing history).
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
        created_at,
        is_converted,
        converted_account_id

    from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select
        opportunity_id,
        account_id,
        channel,
        campaign_id,
        created_at,
        close_date

    from {{ ref('stg_crm__opportunities') }}

    where opp_type = 'new' and status = 'won'

),

channel_mapping as (

    select distinct
        channel,
        is_paid

    from {{ ref('channel_mapping') }}

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
        row_number() over (
            partition by converted_account_id
            order by created_at, lead_id
        ) as lead_rank

    from leads

    where is_converted and converted_account_id is not null

),

first_won_opportunities as (

    select
        opportunity_id,
        account_id,
        channel,
        campaign_id,
        row_number() over (
            partition by account_id
            order by close_date, created_at, opportunity_id
        ) as opportunity_rank

    from opportunities

    where account_id is not null

),

first_paid_months as (

    select
        customer_id,
        first_paid_month

    from {{ ref('int_customer_first_paid_months') }}

),

customers_attributed as (

    select
        customers_linked_to_accounts.customer_id,
        customers_linked_to_accounts.crm_account_id,
        customers_linked_to_accounts.customer_name,
        upper(customers_linked_to_accounts.currency) as currency,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(first_touch_leads.channel, first_won_opportunities.channel, 'unknown')
            as acquisition_channel,
        case
            when first_touch_leads.converted_account_id is not null then 'converted_lead'
            when first_won_opportunities.opportunity_id is not null then 'won_opportunity'
            else 'none'
        end as acquisition_channel_source,
        first_won_opportunities.opportunity_id as acquisition_opportunity_id,
        first_won_opportunities.campaign_id as acquisition_campaign_id,
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

    left join first_won_opportunities
        on
            customers_linked_to_accounts.crm_account_id = first_won_opportunities.account_id
            and first_won_opportunities.opportunity_rank = 1

    left join first_paid_months
        on customers_linked_to_accounts.customer_id = first_paid_months.customer_id

),

customers_described as (

    select
        customers_attributed.customer_id,
        customers_attributed.crm_account_id,
        customers_attributed.customer_name,
        customers_attributed.currency,
        customers_attributed.segment,
        customers_attributed.acquisition_channel,
        coalesce(channel_mapping.is_paid, false) as is_paid_channel,
        customers_attributed.acquisition_channel_source,
        customers_attributed.acquisition_opportunity_id,
        customers_attributed.acquisition_campaign_id,
        customers_attributed.country_code,
        customers_attributed.first_paid_month,
        customers_attributed.acquisition_cohort_month

    from customers_attributed

    left join channel_mapping
        on customers_attributed.acquisition_channel = channel_mapping.channel

)

select * from customers_described
