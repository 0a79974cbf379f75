{#- Billing products; deleted products are in the rejects. -#}

with

source as (

    select * from {{ raw_source('billing', 'product') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as product_id,

        -- strings
        trim(cast(source.name as varchar)) as product_name,
        lower(trim(cast(source.type as varchar))) as product_type,

        -- booleans
        coalesce(cast(source.active as boolean), false) as is_active,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted

    from source

),

products as (

    select
        product_id,
        product_name,
        product_type,
        is_active

    from renamed
    where not is_deleted

)

select * from products
