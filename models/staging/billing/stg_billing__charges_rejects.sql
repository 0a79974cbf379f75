{#- Raw charges left out of stg_billing__charges, with the reason. -#}

with

rejects as (

    select
        charge_id,
        customer_id,
        raw_livemode,
        reject_reason

    from {{ ref('base_billing__charges_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
