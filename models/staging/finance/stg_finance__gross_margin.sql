{#- Monthly gross margin (ratio 0-1) from finance (G11). -#}

with

source as (

    select * from {{ raw_source('finance', 'gross_margin') }}

),

renamed as (

    select
        cast(cast(source.month as {{ type_text() }}) as date) as month_start,
        cast(source.gross_margin_pct as {{ type_double() }}) as gross_margin_pct

    from source

)

select * from renamed
