{#- Raw refunds left out of stg_billing__refunds, with the reason. -#}

with

rejects as (

    select
        refund_id,
        charge_id,
        reject_reason

    from {{ ref('base_billing__refunds_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
