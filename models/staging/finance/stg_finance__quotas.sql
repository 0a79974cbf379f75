{#- Monthly new-ARR quota per rep, in the reporting currency. -#}

with

source as (

    select * from {{ raw_source('finance', 'quota') }}

),

renamed as (

    select
        {{ surrogate_key(['source.month', 'source.user_id']) }} as quota_id,
        cast(cast(source.month as {{ type_text() }}) as date) as month_start,
        cast(source.user_id as {{ type_text() }}) as user_id,
        cast(source.quota_new_arr as decimal(18, 4)) as quota_new_arr

    from source

)

select * from renamed
