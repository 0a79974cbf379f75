{#- Raw billing customers left out of stg_billing__customers, with the reason. -#}

with

rejects as (

    select
        customer_id,
        raw_is_deleted,
        raw_livemode,
        reject_reason

    from {{ ref('base_billing__customers_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
