{#- Raw subscriptions left out of stg_billing__subscriptions, with the reason. -#}

with

rejects as (

    select
        subscription_id,
        customer_id,
        raw_livemode,
        reject_reason

    from {{ ref('base_billing__subscriptions_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
