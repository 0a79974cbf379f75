{#-
    Sales-cycle length (M13, D13: opportunity created -> closed-won) and time to close
    (M14, D14: earliest lead created -> closed-won, deals with a lead only) of
    new-business deals won in the close month, mean and median, one dimension at a
    time; plus the all-closed variant (won and lost) and the fallback variant (deals
    without a lead start at the opportunity). Negative cycles are data errors and are
    left out (is_in_cycle_metrics). `_trailing` columns cover the trailing var
    velocity_lookback_months months (the cycle that pipeline velocity uses, D17).
-#}

{%- set lookback_months = var('velocity_lookback_months') | int %}

with

opportunities as (

    select
        opportunity_id,
        segment,
        channel,
        owner_user_id,
        team_name,
        is_closed,
        is_won,
        close_month,
        cycle_days,
        time_to_close_days,
        time_to_close_days_with_fallback,
        is_in_cycle_metrics

    from {{ ref('fct_opportunities') }}

),

months as (

    select month_start

    from {{ ref('dim_months') }}

),

closed_opportunities as (

    select *

    from opportunities

    where is_in_cycle_metrics and is_closed

),

closed_opportunities_sliced as (

    {{ slice_dimensions(
        'closed_opportunities',
        ['opportunity_id', 'close_month', 'is_won', 'cycle_days', 'time_to_close_days',
         'time_to_close_days_with_fallback'],
        [
            ['total', "'all'"],
            ['segment', 'segment'],
            ['channel', 'channel'],
            ['rep', 'owner_user_id'],
            ['team', 'team_name'],
        ]
    ) }}

),

closed_in_window as (

    select
        months.month_start,
        closed_opportunities_sliced.dimension,
        closed_opportunities_sliced.dimension_value,
        closed_opportunities_sliced.is_won,
        closed_opportunities_sliced.close_month = months.month_start as is_in_month,
        cast(closed_opportunities_sliced.cycle_days as double) as cycle_days,
        case
            when closed_opportunities_sliced.is_won
                then cast(closed_opportunities_sliced.cycle_days as double)
        end as won_cycle_days,
        cast(closed_opportunities_sliced.time_to_close_days as double) as time_to_close_days,
        cast(closed_opportunities_sliced.time_to_close_days_with_fallback as double)
            as time_to_close_days_with_fallback

    from months

    inner join closed_opportunities_sliced
        on
            months.month_start >= closed_opportunities_sliced.close_month
            and cast({{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date)
            <= closed_opportunities_sliced.close_month

),

durations_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        count(case when is_in_month and is_won then 1 end) as won_count,
        count(case when is_in_month then 1 end) as closed_count,
        avg(case when is_in_month then won_cycle_days end) as avg_sales_cycle_days,
        percentile_cont(0.5) within group (
            order by case when is_in_month then won_cycle_days end
        ) as median_sales_cycle_days,
        avg(case when is_in_month then time_to_close_days end) as avg_time_to_close_days,
        percentile_cont(0.5) within group (
            order by case when is_in_month then time_to_close_days end
        ) as median_time_to_close_days,
        count(case when is_in_month then time_to_close_days end) as won_with_lead_count,
        avg(case when is_in_month then time_to_close_days_with_fallback end)
            as avg_time_to_close_days_with_fallback,
        avg(case when is_in_month then cycle_days end) as avg_cycle_days_all_closed,
        count(case when is_won then 1 end) as won_count_trailing,
        avg(won_cycle_days) as avg_sales_cycle_days_trailing,
        percentile_cont(0.5) within group (order by won_cycle_days)
            as median_sales_cycle_days_trailing,
        avg(time_to_close_days) as avg_time_to_close_days_trailing,
        avg(time_to_close_days_with_fallback) as avg_time_to_close_days_with_fallback_trailing,
        avg(cycle_days) as avg_cycle_days_all_closed_trailing

    from closed_in_window

    group by 1, 2, 3

),

sales_cycle_monthly as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as sales_cycle_monthly_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(won_count as integer) as won_count,
        cast(closed_count as integer) as closed_count,
        cast(won_with_lead_count as integer) as won_with_lead_count,
        cast(avg_sales_cycle_days as double) as avg_sales_cycle_days,
        cast(median_sales_cycle_days as double) as median_sales_cycle_days,
        cast(avg_time_to_close_days as double) as avg_time_to_close_days,
        cast(median_time_to_close_days as double) as median_time_to_close_days,
        cast(avg_time_to_close_days_with_fallback as double)
            as avg_time_to_close_days_with_fallback,
        cast(avg_cycle_days_all_closed as double) as avg_cycle_days_all_closed,
        cast(won_count_trailing as integer) as won_count_trailing,
        cast(avg_sales_cycle_days_trailing as double) as avg_sales_cycle_days_trailing,
        cast(median_sales_cycle_days_trailing as double) as median_sales_cycle_days_trailing,
        cast(avg_time_to_close_days_trailing as double) as avg_time_to_close_days_trailing,
        cast(avg_time_to_close_days_with_fallback_trailing as double)
            as avg_time_to_close_days_with_fallback_trailing,
        cast(avg_cycle_days_all_closed_trailing as double) as avg_cycle_days_all_closed_trailing

    from durations_aggregated

)

select * from sales_cycle_monthly
