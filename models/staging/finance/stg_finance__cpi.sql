{#- Monthly consumer price index (M16 real growth). -#}

with

source as (

    select * from {{ raw_source('finance', 'cpi') }}

),

renamed as (

    select
        cast(cast(source.month as {{ type_text() }}) as date) as month_start,
        cast(source.cpi_index as {{ type_double() }}) as cpi_index

    from source

)

select * from renamed
