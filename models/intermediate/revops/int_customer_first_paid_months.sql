{#-
    The acquisition cohort (one home): one row per billing customer with its
    first month-end in the MRR history (int_customer_mrr_month_ends), the native
    currency and MRR of that month. dim_customers publishes it as
    first_paid_month / acquisition_cohort_month, the MRR engine starts its
    customer spine there and fct_cohort_retention values the cohort start from it.
-#}

with

customer_mrr_month_ends as (

    select
        customer_id,
        month_start,
        currency,
        mrr_native

    from {{ ref('int_customer_mrr_month_ends') }}

),

first_paid_months as (

    select
        customer_id,
        min(month_start) as first_paid_month

    from customer_mrr_month_ends

    group by 1

),

first_paid_months_valued as (

    select
        first_paid_months.customer_id,
        first_paid_months.first_paid_month,
        customer_mrr_month_ends.currency,
        customer_mrr_month_ends.mrr_native

    from first_paid_months

    inner join customer_mrr_month_ends
        on
            first_paid_months.customer_id = customer_mrr_month_ends.customer_id
            and first_paid_months.first_paid_month = customer_mrr_month_ends.month_start

)

select * from first_paid_months_valued
