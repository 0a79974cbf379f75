{#- Monthly FX rates: units of the reporting currency per unit of the currency. -#}

with

source as (

    select * from {{ raw_source('finance', 'fx_rate') }}

),

renamed as (

    select
        {{ surrogate_key([
            'source.month',
            'upper(trim(cast(source.currency as ' ~ type_text() ~ ')))'
        ]) }}
            as fx_rate_id,
        cast(cast(source.month as {{ type_text() }}) as date) as month_start,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency,
        cast(source.rate_to_reporting as {{ type_double() }}) as rate_to_reporting

    from source

)

select * from renamed
