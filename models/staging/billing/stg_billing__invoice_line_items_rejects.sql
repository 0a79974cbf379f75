{#- Raw invoice lines left out of stg_billing__invoice_line_items, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'invoice_line_item') }}

),

invoices as (

    select invoice_id from {{ ref('stg_billing__invoices') }}

),

rows_classified as (

    select
        cast(id as varchar) as invoice_line_item_id,
        cast(invoice_id as varchar) as invoice_id,
        case
            when
                not coalesce(
                    cast(invoice_id as varchar) in (select invoices.invoice_id from invoices),
                    false
                )
                then 'invoice_rejected'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
