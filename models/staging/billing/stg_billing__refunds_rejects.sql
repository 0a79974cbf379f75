{#- Raw refunds left out of stg_billing__refunds, with the reason. -#}

with

source as (

    select * from {{ raw_source('billing', 'refund') }}

),

charges as (

    select charge_id from {{ ref('stg_billing__charges') }}

),

rows_classified as (

    select
        cast(id as varchar) as refund_id,
        cast(charge_id as varchar) as charge_id,
        case
            when
                not coalesce(
                    cast(charge_id as varchar) in (select charges.charge_id from charges),
                    false
                )
                then 'charge_rejected'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
