{{ config(materialized='table') }}

{#-
    Every raw Stripe customer, typed once, with its reject_reason (NULL = kept in
    stg_billing__customers): soft_deleted, then test_record (livemode false).
-#}

with

source as (

    select * from {{ raw_source('billing', 'customer') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as customer_id,
        nullif(trim({{ json_string_field('source.metadata', 'crm_account_id') }}), '')
            as crm_account_id,

        -- strings
        nullif(lower(trim(cast(source.email as {{ type_text() }}))), '') as email,
        trim(cast(source.name as {{ type_text() }})) as customer_name,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at,

        -- raw text of the deciding columns (stg_billing__customers_rejects)
        {{ raw_text_columns(['is_deleted', 'livemode']) }}

    from source

),

classified as (

    select
        *,
        case
            when is_deleted then 'soft_deleted'
            when not is_livemode then 'test_record'
        end as reject_reason

    from renamed

)

select * from classified
