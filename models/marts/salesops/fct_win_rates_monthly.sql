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

sliced_outcomes as (

    select
        month_start,
        dimension,
        dimension_value,
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
        avg_won_deal_size,
        won_count_trailing,
        lost_count_trailing,
        closed_count_trailing,
        won_amount_trailing,
        lost_amount_trailing,
        win_rate_trailing,
        win_rate_value_trailing,
        win_rate_excl_no_decision_trailing,
        win_loss_ratio_trailing,
        avg_won_deal_size_trailing

    from {{ ref('int_opportunities_sliced_by_window') }}

),

win_rates_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as win_rates_monthly_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(won_count as integer) as won_count,
        cast(lost_count as integer) as lost_count,
        cast(closed_count as integer) as closed_count,
        cast(no_decision_lost_count as integer) as no_decision_lost_count,
        cast(won_amount as decimal(18, 4)) as won_amount,
        cast(lost_amount as decimal(18, 4)) as lost_amount,
        cast(won_missing_amount_count as integer) as won_missing_amount_count,
        cast(lost_missing_amount_count as integer) as lost_missing_amount_count,
        cast(win_rate as double) as win_rate,
        cast(win_rate_value as double) as win_rate_value,
        cast(win_rate_excl_no_decision as double) as win_rate_excl_no_decision,
        cast(win_loss_ratio as double) as win_loss_ratio,
        cast(avg_won_deal_size as decimal(18, 4)) as avg_won_deal_size,
        cast(won_count_trailing as integer) as won_count_trailing,
        cast(lost_count_trailing as integer) as lost_count_trailing,
        cast(won_amount_trailing as decimal(18, 4)) as won_amount_trailing,
        cast(lost_amount_trailing as decimal(18, 4)) as lost_amount_trailing,
        cast(win_rate_trailing as double) as win_rate_trailing,
        cast(win_rate_value_trailing as double) as win_rate_value_trailing,
        cast(win_rate_excl_no_decision_trailing as double) as win_rate_excl_no_decision_trailing,
        cast(win_loss_ratio_trailing as double) as win_loss_ratio_trailing,
        cast(avg_won_deal_size_trailing as decimal(18, 4)) as avg_won_deal_size_trailing

    from sliced_outcomes

    -- a slice row exists once a deal of the slice closed in the trailing window
    where closed_count_trailing > 0

)

select * from win_rates_calculated
