{#- Raw billing products left out of stg_billing__products, with the reason. -#}

with

rejects as (

    select
        product_id,
        raw_is_deleted,
        reject_reason

    from {{ ref('base_billing__products_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
