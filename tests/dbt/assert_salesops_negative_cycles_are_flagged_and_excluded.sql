{#-
    No negative sales cycle passes silently (M13): an opportunity closed before it was
    created must carry has_negative_cycle, stay out of the cycle population, and no
    cycle or time-to-close average in the marts may be negative. (The warn-level test
    fct_opportunities_warn_negative_cycle_days lists the offending records.)
-#}

with

unflagged_opportunities as (

    select
        'fct_opportunities' as source_model,
        opportunity_id as record_id,
        cast(cycle_days as {{ type_double() }}) as day_count

    from {{ ref('fct_opportunities') }}

    where
        (cycle_days < 0 or time_to_close_days < 0 or time_to_close_days_with_fallback < 0)
        and (not has_negative_cycle or is_in_cycle_metrics)

),

negative_averages as (

    select
        'fct_sales_cycle_monthly' as source_model,
        sales_cycle_monthly_id as record_id,
        least(
            coalesce(avg_sales_cycle_days, 0),
            coalesce(median_sales_cycle_days, 0),
            coalesce(avg_time_to_close_days, 0),
            coalesce(avg_time_to_close_days_with_fallback, 0),
            coalesce(avg_cycle_days_all_closed, 0),
            coalesce(avg_sales_cycle_days_trailing, 0)
        ) as day_count

    from {{ ref('fct_sales_cycle_monthly') }}

    where
        least(
            coalesce(avg_sales_cycle_days, 0),
            coalesce(median_sales_cycle_days, 0),
            coalesce(avg_time_to_close_days, 0),
            coalesce(avg_time_to_close_days_with_fallback, 0),
            coalesce(avg_cycle_days_all_closed, 0),
            coalesce(avg_sales_cycle_days_trailing, 0)
        ) < 0

),

failures as (

    select * from unflagged_opportunities

    union all

    select * from negative_averages

)

select * from failures
