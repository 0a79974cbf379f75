{#- Billing customers; test (livemode false) and deleted customers are in the rejects. -#}

with

source as (

    select * from {{ raw_source('billing', 'customer') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as customer_id,
        nullif(trim({{ json_string_field('source.metadata', 'crm_account_id') }}), '')
            as crm_account_id,

        -- strings
        nullif(lower(trim(cast(source.email as varchar))), '') as email,
        trim(cast(source.name as varchar)) as customer_name,
        upper(trim(cast(source.currency as varchar))) as currency,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(cast(source.livemode as boolean), true) as is_livemode,

        -- timestamps
        {{ utc_timestamp('source.created') }} as created_at

    from source

),

customers as (

    select
        customer_id,
        email,
        customer_name,
        created_at,
        currency,
        crm_account_id

    from renamed
    where not is_deleted and is_livemode

)

select * from customers
