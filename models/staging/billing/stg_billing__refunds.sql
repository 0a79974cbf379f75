{#- Refunds in major units (CU03); refunds of rejected charges are in the rejects. -#}

with

refunds as (

    select
        refund_id,
        charge_id,
        amount,
        currency,
        status,
        reason,
        created_at

    from {{ ref('base_billing__refunds_classified') }}
    where {{ kept_rows() }}

)

select * from refunds
