{#- Price-test assignments (E1): which variant and list price a customer was shown. -#}

with

source as (

    select * from {{ raw_source('finance', 'price_test_assignment') }}

),

renamed as (

    select
        cast(source.assignment_id as {{ type_text() }}) as assignment_id,
        cast(source.experiment_id as {{ type_text() }}) as experiment_id,
        lower(trim(cast(source.variant as {{ type_text() }}))) as variant,
        cast(source.list_price as decimal(18, 4)) as list_price,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,
        cast(source.customer_id as {{ type_text() }}) as customer_id,
        {{ utc_timestamp('source.assigned_at') }} as assigned_at,
        {{ company_date('source.assigned_at') }} as assigned_date

    from source

)

select * from renamed
