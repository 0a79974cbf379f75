{#- Raw billing prices left out of stg_billing__prices, with the reason. -#}

with

rejects as (

    select
        price_id,
        raw_is_deleted,
        raw_unit_amount,
        raw_recurring_interval_count,
        reject_reason

    from {{ ref('base_billing__prices_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
