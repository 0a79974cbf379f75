{#- Raw invoice lines left out of stg_billing__invoice_line_items, with the reason. -#}

with

rejects as (

    select
        invoice_line_item_id,
        invoice_id,
        raw_quantity,
        raw_unit_amount,
        raw_amount,
        raw_discount_amount,
        raw_period_start,
        raw_period_end,
        reject_reason

    from {{ ref('base_billing__invoice_line_items_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
