{#-
    Win rate (D10), value win rate, win rate without "no decision" losses, win/loss
    ratio (D12) and average won deal size (M12) of new-business opportunities, by
    close month (G8), one dimension at a time. The `_trailing` columns cover the
    trailing var velocity_lookback_months months ending with the month (default 3:
    the trailing quarter), the window pipeline velocity uses (D17). A "no decision" loss
    is a loss whose reason is in var no_decision_loss_reasons (default ['no_decision']).
    Every measure is computed once in int_opportunities_sliced_by_window; this mart keeps
    the slices with a close in the trailing window.
-#}

with

win_rates_by_slice as (

    select
        {{ slice_key_columns('win_rates_monthly_id') }},
        won_count,
        lost_count,
        closed_count,
        no_decision_lost_count,
        won_amount,
        lost_amount,
        won_missing_amount_count,
        lost_missing_amount_count,
        win_rate,
        win_rate_value,
        win_rate_excl_no_decision,
        win_loss_ratio,
        cast(avg_won_deal_size as decimal(18, 4)) as avg_won_deal_size,
        won_count_trailing,
        lost_count_trailing,
        won_amount_trailing,
        lost_amount_trailing,
        win_rate_trailing,
        win_rate_value_trailing,
        win_rate_excl_no_decision_trailing,
        win_loss_ratio_trailing,
        cast(avg_won_deal_size_trailing as decimal(18, 4)) as avg_won_deal_size_trailing

    from {{ ref('int_opportunities_sliced_by_window') }}

    -- a slice row exists once a deal of the slice closed in the trailing window
    where closed_count_trailing > 0

)

select * from win_rates_by_slice
