{#- Raw discounts left out of stg_billing__discounts, with the reason. -#}

with

rejects as (

    select
        discount_id,
        customer_id,
        raw_subscription_id as subscription_id,
        reject_reason

    from {{ ref('base_billing__discounts_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
