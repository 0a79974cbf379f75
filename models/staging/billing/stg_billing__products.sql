{#- Billing products; deleted products are in the rejects. -#}

with

products as (

    select
        product_id,
        product_name,
        product_type,
        is_active

    from {{ ref('base_billing__products_classified') }}
    where {{ kept_rows() }}

)

select * from products
