{#-
    The raw billing.customer table in the simple billing layout (var billing_layout:
    subscription_periods): one customer per customer id of the kept periods, created at its
    first period's start, metadata.crm_account_id from the file's crm_account_id (the CRM link
    of the MRR marts by segment and channel).
-#}

{{ config(enabled=var('billing_layout', 'stripe') == 'subscription_periods') }}

with

subscription_periods as (

    select
        customer_id,
        crm_account_id,
        currency,
        start_date

    from {{ ref('base_billing__subscription_periods_classified') }}
    where {{ kept_rows() }}

),

customers_derived as (

    select
        customer_id as id,
        cast(null as {{ type_text() }}) as email,
        cast(null as {{ type_text() }}) as name,
        cast(min(start_date) as {{ type_text() }}) as created,
        lower(min(currency)) as currency,
        false as is_deleted,
        true as livemode,
        case
            when max(crm_account_id) is null then '{}'
            else concat('{"crm_account_id": "', replace(max(crm_account_id), '"', ''), '"}')
        end as metadata

    from subscription_periods

    group by customer_id

)

select * from customers_derived
