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

sales_cycle_by_slice as (

    select
        {{ slice_key_columns('sales_cycle_monthly_id') }},
        cycle_won_count as won_count,
        cycle_closed_count as closed_count,
        won_with_lead_count,
        avg_sales_cycle_days,
        median_sales_cycle_days,
        avg_time_to_close_days,
        median_time_to_close_days,
        avg_time_to_close_days_with_fallback,
        avg_cycle_days_all_closed,
        cycle_won_count_trailing as won_count_trailing,
        avg_sales_cycle_days_trailing,
        median_sales_cycle_days_trailing,
        avg_time_to_close_days_trailing,
        avg_time_to_close_days_with_fallback_trailing,
        avg_cycle_days_all_closed_trailing

    from {{ ref('int_opportunities_sliced_by_window') }}

    -- a slice row exists once a deal of the slice (cycle population) closed in the window
    where cycle_closed_count_trailing > 0

)

select * from sales_cycle_by_slice
