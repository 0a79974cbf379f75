{#- Raw subscription items left out of stg_billing__subscription_items, with the reason. -#}

with

rejects as (

    select
        subscription_item_id,
        subscription_id,
        raw_quantity,
        raw_created,
        reject_reason

    from {{ ref('base_billing__subscription_items_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
