{#- Quarterly new-ARR forecasts submitted by reps, in the reporting currency (E2). -#}

with

source as (

    select * from {{ raw_source('finance', 'sales_forecast') }}

),

renamed as (

    select
        {{ surrogate_key(['source.quarter_start', 'source.user_id', 'source.submitted_at']) }}
            as sales_forecast_id,
        cast(cast(source.quarter_start as {{ type_text() }}) as date) as quarter_start,
        cast(source.user_id as {{ type_text() }}) as user_id,
        cast(source.forecast_new_arr as decimal(18, 4)) as forecast_new_arr,
        {{ utc_timestamp('source.submitted_at') }} as submitted_at,
        {{ company_date('source.submitted_at') }} as submitted_date

    from source

)

select * from renamed
