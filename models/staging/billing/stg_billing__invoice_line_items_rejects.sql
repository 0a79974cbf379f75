{#- Raw invoice lines left out of stg_billing__invoice_line_items, with the reason. -#}

{{ staging_rejects([
    'invoice_line_item_id',
    'invoice_id',
    'raw_quantity',
    'raw_unit_amount',
    'raw_amount',
    'raw_discount_amount',
    'raw_period_start',
    'raw_period_end',
]) }}
