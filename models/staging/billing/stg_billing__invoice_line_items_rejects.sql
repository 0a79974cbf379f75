{#- Raw invoice lines left out of stg_billing__invoice_line_items, with the reason. -#}

with

rejects as (

    select
        invoice_line_item_id,
        invoice_id,
        reject_reason

    from {{ ref('base_billing__invoice_line_items_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
