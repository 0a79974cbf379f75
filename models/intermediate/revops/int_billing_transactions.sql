{#-
    Billings (issue 11 part 5): one row per money movement the billing system records, in
    its native currency and in the reporting currency at the FX rate of its month
    (int_fx_rates_monthly, the one FX rule):
    - invoiced: finalised invoices (status open, paid or uncollectible; draft and void
      invoices are not billings), total incl. tax, dated by the invoice's creation;
    - collected: successful, paid charges (status succeeded), the charged amount before
      refunds, dated by the charge;
    - refunded: successful refunds, dated by the refund (a refund in a later month lowers
      that month's net collections, not the charge's month).
    Dates are in the company time zone (G7). The segment is the customer's (int_customers,
    'unknown' when the customer has no CRM account).
-#}

with

invoices as (

    select
        invoice_id,
        customer_id,
        status,
        currency,
        created_at,
        total_amount

    from {{ ref('stg_billing__invoices') }}

),

charges as (

    select
        charge_id,
        customer_id,
        status,
        is_paid,
        currency,
        created_at,
        amount

    from {{ ref('stg_billing__charges') }}

),

refunds as (

    select
        refund_id,
        charge_id,
        status,
        currency,
        created_at,
        amount

    from {{ ref('stg_billing__refunds') }}

),

customers as (

    select
        customer_id,
        segment

    from {{ ref('int_customers') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

transactions_unioned as (

    select
        'invoiced' as transaction_type,
        invoice_id as source_id,
        customer_id,
        currency,
        created_at,
        total_amount as amount_native

    from invoices

    where status in ('open', 'paid', 'uncollectible')

    union all

    select
        'collected' as transaction_type,
        charge_id as source_id,
        customer_id,
        currency,
        created_at,
        amount as amount_native

    from charges

    where status = 'succeeded' and is_paid

    union all

    -- a refund belongs to the customer of its charge
    select
        'refunded' as transaction_type,
        refunds.refund_id as source_id,
        charges.customer_id,
        refunds.currency,
        refunds.created_at,
        refunds.amount as amount_native

    from refunds

    inner join charges
        on refunds.charge_id = charges.charge_id

    where refunds.status = 'succeeded'

),

transactions_dated as (

    select
        transaction_type,
        source_id,
        customer_id,
        upper(currency) as currency,
        amount_native,
        cast(
            {{ to_company_time('cast(created_at as ' ~ type_timestamptz() ~ ')') }} as date
        ) as transaction_date

    from transactions_unioned

),

transactions_converted as (

    select
        {{ surrogate_key(['transactions_dated.transaction_type', 'transactions_dated.source_id']) }}
            as billing_transaction_id,
        cast(transactions_dated.transaction_type as {{ dbt.type_string() }}) as transaction_type,
        cast(transactions_dated.source_id as {{ dbt.type_string() }}) as source_id,
        cast(transactions_dated.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(coalesce(customers.segment, 'unknown') as {{ dbt.type_string() }}) as segment,
        transactions_dated.transaction_date,
        {{ month_start('transactions_dated.transaction_date') }} as month_start,
        cast(transactions_dated.currency as {{ dbt.type_string() }}) as currency,
        cast(transactions_dated.amount_native as decimal(18, 4)) as amount_native,
        {{ convert_to_reporting('transactions_dated.amount_native', 'fx_rates.rate_to_reporting') }}
            as amount

    from transactions_dated

    left join customers
        on transactions_dated.customer_id = customers.customer_id

    left join fx_rates
        on
            fx_rates.month_start = {{ month_start('transactions_dated.transaction_date') }}
            and transactions_dated.currency = fx_rates.currency

)

select * from transactions_converted
