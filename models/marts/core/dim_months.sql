{#-
    The reporting calendar: every month from reporting_start_month through the
    month that contains as_of_date (inclusive), and never beyond it (TB02, TB03).
-#}

with

month_starts as (

    {{ dbt.date_spine(
        'month',
        reporting_start_month(),
        dbt.dateadd('month', 1, month_start(as_of_date()))
    ) }}

),

months as (

    select
        cast(date_month as date) as month_start,
        {{ month_end('date_month') }} as month_end

    from month_starts

)

select * from months
