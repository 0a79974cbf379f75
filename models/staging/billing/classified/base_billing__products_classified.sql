{{ config(materialized='table') }}

{#- Every raw Stripe product, typed once, with its reject_reason (NULL = kept): soft_deleted. -#}

with

source as (

    select * from {{ raw_source('billing', 'product') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as product_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as product_name,
        lower(trim(cast(source.type as {{ type_text() }}))) as product_type,

        -- booleans
        coalesce(cast(source.active as boolean), false) as is_active,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- raw text of the deciding column (stg_billing__products_rejects)
        {{ raw_text_columns(['is_deleted']) }}

    from source

),

classified as (

    select
        *,
        case
            when is_deleted then 'soft_deleted'
        end as reject_reason

    from renamed

)

select * from classified
