{#-
    Invoice lines in major units of their currency: minor units / 10^exponent of the currency
    (CU03; USD 2, JPY and KRW 0), currency codes matched case-insensitively. period_end_date is
    exclusive (the first day the line does not pay for). Lines of rejected invoices are in the
    rejects.
-#}

with

invoice_line_items as (

    select
        invoice_line_item_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        price_id,
        line_type,
        line_description,
        is_proration,
        period_start_date,
        period_end_date,
        quantity,
        unit_amount,
        amount,
        discount_amount,
        currency

    from {{ ref('base_billing__invoice_line_items_classified') }}
    where {{ kept_rows() }}

)

select * from invoice_line_items
