{#-
    Sales-cycle length (M13, D13: opportunity created -> closed-won) and time to close
    (M14, D14: earliest lead created -> closed-won, deals with a lead only) of
    new-business deals won in the close month, mean and median, one dimension at a
    time; plus the all-closed variant (won and lost) and the fallback variant (deals
    without a lead start at the opportunity). Negative cycles are data errors and are
    left out (is_in_cycle_metrics). `_trailing` columns cover the trailing var
    velocity_lookback_months months (the cycle that pipeline velocity uses, D17).
    Every measure is computed once in int_opportunities_sliced_by_window; this mart keeps
    the slices with a close (cycle population) in the trailing window.
-#}

with

sliced_cycles as (

    select
        month_start,
        dimension,
        dimension_value,
        cycle_won_count,
        cycle_closed_count,
        won_with_lead_count,
        avg_sales_cycle_days,
        median_sales_cycle_days,
        avg_time_to_close_days,
        median_time_to_close_days,
        avg_time_to_close_days_with_fallback,
        avg_cycle_days_all_closed,
        cycle_won_count_trailing,
        cycle_closed_count_trailing,
        avg_sales_cycle_days_trailing,
        median_sales_cycle_days_trailing,
        avg_time_to_close_days_trailing,
        avg_time_to_close_days_with_fallback_trailing,
        avg_cycle_days_all_closed_trailing

    from {{ ref('int_opportunities_sliced_by_window') }}

),

sales_cycle_monthly as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as sales_cycle_monthly_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(cycle_won_count as integer) as won_count,
        cast(cycle_closed_count as integer) as closed_count,
        cast(won_with_lead_count as integer) as won_with_lead_count,
        cast(avg_sales_cycle_days as double) as avg_sales_cycle_days,
        cast(median_sales_cycle_days as double) as median_sales_cycle_days,
        cast(avg_time_to_close_days as double) as avg_time_to_close_days,
        cast(median_time_to_close_days as double) as median_time_to_close_days,
        cast(avg_time_to_close_days_with_fallback as double)
            as avg_time_to_close_days_with_fallback,
        cast(avg_cycle_days_all_closed as double) as avg_cycle_days_all_closed,
        cast(cycle_won_count_trailing as integer) as won_count_trailing,
        cast(avg_sales_cycle_days_trailing as double) as avg_sales_cycle_days_trailing,
        cast(median_sales_cycle_days_trailing as double) as median_sales_cycle_days_trailing,
        cast(avg_time_to_close_days_trailing as double) as avg_time_to_close_days_trailing,
        cast(avg_time_to_close_days_with_fallback_trailing as double)
            as avg_time_to_close_days_with_fallback_trailing,
        cast(avg_cycle_days_all_closed_trailing as double) as avg_cycle_days_all_closed_trailing

    from sliced_cycles

    -- a slice row exists once a deal of the slice (cycle population) closed in the window
    where cycle_closed_count_trailing > 0

)

select * from sales_cycle_monthly
