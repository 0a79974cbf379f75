{#-
    Billing prices in major units (CU03) with the length of one billing period in months
    (G3, PN01): months per interval from seed billing_interval_months, times the interval
    count. A recurring interval missing from the seed fails the build.
-#}

with

prices as (

    select
        price_id,
        product_id,
        price_nickname,
        currency,
        unit_amount,
        price_type,
        billing_interval,
        billing_interval_count,
        billing_period_months,
        usage_type,
        is_active,
        created_at

    from {{ ref('base_billing__prices_classified') }}
    where {{ kept_rows() }}

)

select * from prices
