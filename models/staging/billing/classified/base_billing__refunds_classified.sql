{{ config(materialized='table') }}

{#-
    Every raw Stripe refund, typed once (amount in major units), with its reject_reason
    (NULL = kept in stg_billing__refunds): charge_rejected.
-#}

with

source as (

    select * from {{ raw_source('billing', 'refund') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as refund_id,
        cast(source.charge_id as {{ type_text() }}) as charge_id,

        -- strings
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,
        lower(trim(cast(source.status as {{ type_text() }}))) as status,
        lower(trim(cast(source.reason as {{ type_text() }}))) as reason,

        -- numerics (minor units)
        cast(source.amount as decimal(18, 4)) as amount_minor,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

units_converted as (

    {{ major_units_added('renamed', {
        'amount': 'amount_minor'
    }) }}

),

classified as (

    select
        *,
        case
            when {{ parent_rejected('charge_id', 'base_billing__charges_classified') }}
                then 'charge_rejected'
        end as reject_reason

    from units_converted

)

select * from classified
