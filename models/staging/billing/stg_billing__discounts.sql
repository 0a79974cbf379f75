{#-
    Discounts (a coupon applied to a customer or subscription); discounts of rejected
    customers or subscriptions are in the rejects.
-#}

with

discounts as (

    select
        discount_id,
        coupon_id,
        customer_id,
        subscription_id,
        discount_type,
        start_date,
        end_date

    from {{ ref('base_billing__discounts_classified') }}
    where {{ kept_rows() }}

)

select * from discounts
