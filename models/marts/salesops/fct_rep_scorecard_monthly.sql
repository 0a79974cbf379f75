{#-
    Rep performance and coaching needs (E3) by month: quota attainment (won
    new-business ARR / quota), win rate, average won deal, sales cycle, open pipeline
    and velocity (M12-M15 computed inside the rep slice), tenure, and the coaching
    flag: attainment < var coaching_attainment_threshold and win rate < team win rate
    - var coaching_win_rate_gap, with at least var coaching_min_closed_opportunities
    closed, reps still ramping (first var rep_ramp_months months) excluded.
    The month's own figures are published as they are; the coaching inputs (the
    `_window` columns: attainment = Σ won / Σ quota, win rate, closed count and team
    win rate) cover the trailing var coaching_window_months months ending with the
    month, because one month rarely holds enough closes for a fair judgement.
    Win rates, won ARR, average won deal and cycle (month and coaching window, rep and
    team slices) are read from their one home int_opportunities_sliced_by_window.
    Unknown is not zero: won ARR is the sum of the known won amounts, NULL when every
    won deal lacks an amount (0 only when nothing was won), and so is the attainment
    built on it; the average won deal is the mean of the known won amounts.
-#}

{%- set window_months = var('coaching_window_months') | int %}

with

rep_outcomes as (

    {{ select_slice_rows(
        ref('int_opportunities_sliced_by_window'),
        ['month_start', 'dimension_value as user_id', 'won_count', 'lost_count', 'closed_count',
         'won_amount', 'win_rate', 'avg_won_deal_size', 'avg_sales_cycle_days',
         'closed_count_coaching_window', 'won_amount_coaching_window',
         'win_rate_coaching_window'],
        ['rep']
    ) }}

),

team_outcomes as (

    {{ select_slice_rows(
        ref('int_opportunities_sliced_by_window'),
        ['month_start', 'dimension_value as team_name', 'win_rate as team_win_rate',
         'win_rate_coaching_window as team_win_rate_window'],
        ['team']
    ) }}

),

open_opportunities as (

    select
        month_start,
        owner_user_id,
        amount_reporting

    from {{ ref('int_open_opportunities_at_month_end') }}

),

quotas as (

    select
        month_start,
        user_id,
        quota_new_arr

    from {{ ref('stg_finance__quotas') }}

),

reps as (

    select
        user_id,
        user_name,
        team_name,
        start_date

    from {{ ref('dim_reps') }}

),

velocity as (

    {{ select_slice_rows(
        ref('fct_pipeline_velocity_monthly'),
        ['month_start', 'dimension_value as user_id', 'pipeline_velocity_per_day'],
        ['rep']
    ) }}

),

months as (

    {{ report_month_starts() }}

),

rep_open_pipeline as (

    select
        month_start,
        owner_user_id as user_id,
        count(*) as open_count,
        sum(amount_reporting) as open_amount

    from open_opportunities

    group by 1, 2

),

rep_quotas as (

    select
        month_start,
        user_id,
        sum(quota_new_arr) as quota_new_arr

    from quotas

    group by 1, 2

),

rep_month_keys as (

    -- a rep-month with a close, an open deal or a quota
    select
        month_start,
        user_id

    from rep_outcomes

    where closed_count > 0

    union

    select
        month_start,
        user_id

    from rep_open_pipeline

    union

    select
        month_start,
        user_id

    from rep_quotas

),

rep_window_quotas as (

    select
        rep_month_keys.month_start,
        rep_month_keys.user_id,
        sum(rep_quotas.quota_new_arr) as quota_new_arr_window

    from rep_month_keys

    inner join rep_quotas
        on
            rep_month_keys.user_id = rep_quotas.user_id
            and rep_month_keys.month_start >= rep_quotas.month_start
            and cast(
                {{ dbt.dateadd('month', 1 - window_months, 'rep_month_keys.month_start') }} as date
            ) <= rep_quotas.month_start

    group by 1, 2

),

scorecard_joined as (

    select
        rep_month_keys.month_start,
        rep_month_keys.user_id,
        reps.user_name,
        coalesce(reps.team_name, 'unknown') as team_name,
        reps.start_date,
        rep_quotas.quota_new_arr,
        coalesce(rep_outcomes.won_count, 0) as won_count,
        coalesce(rep_outcomes.lost_count, 0) as lost_count,
        coalesce(rep_outcomes.closed_count, 0) as closed_count,
        -- no close at all: a known 0; the rep's NULL (won deals without amounts) stays
        {{ zero_when_no_row('rep_outcomes.user_id', 'rep_outcomes.won_amount') }}
            as won_new_arr,
        rep_outcomes.win_rate,
        rep_outcomes.avg_won_deal_size,
        rep_outcomes.avg_sales_cycle_days,
        coalesce(rep_open_pipeline.open_count, 0) as open_count,
        -- no open deal: a known 0; open deals without any amount: NULL (unknown)
        {{ zero_when_no_row('rep_open_pipeline.open_count', 'rep_open_pipeline.open_amount') }}
            as open_amount,
        velocity.pipeline_velocity_per_day,
        team_outcomes.team_win_rate,
        rep_window_quotas.quota_new_arr_window,
        coalesce(rep_outcomes.closed_count_coaching_window, 0) as closed_count_window,
        {{ zero_when_no_row('rep_outcomes.user_id', 'rep_outcomes.won_amount_coaching_window') }}
            as won_new_arr_window,
        rep_outcomes.win_rate_coaching_window as win_rate_window,
        team_outcomes.team_win_rate_window,
        {{ dbt.datediff('reps.start_date', 'rep_month_keys.month_start', 'month') }}
            as tenure_months

    from rep_month_keys

    inner join months
        on rep_month_keys.month_start = months.month_start

    left join reps
        on rep_month_keys.user_id = reps.user_id

    left join rep_outcomes
        on {{ slice_keys_match('rep_month_keys', 'rep_outcomes', ['month_start', 'user_id']) }}

    left join rep_open_pipeline
        on {{ slice_keys_match('rep_month_keys', 'rep_open_pipeline', ['month_start', 'user_id']) }}

    left join rep_quotas
        on {{ slice_keys_match('rep_month_keys', 'rep_quotas', ['month_start', 'user_id']) }}

    left join velocity
        on {{ slice_keys_match('rep_month_keys', 'velocity', ['month_start', 'user_id']) }}

    left join team_outcomes
        on
            rep_month_keys.month_start = team_outcomes.month_start
            and coalesce(reps.team_name, 'unknown') = team_outcomes.team_name

    left join rep_window_quotas
        on {{ slice_keys_match('rep_month_keys', 'rep_window_quotas', ['month_start', 'user_id']) }}

),

rates_calculated as (

    select
        *,
        cast(won_new_arr as {{ type_double() }}) / nullif(quota_new_arr, 0) as quota_attainment,
        cast(won_new_arr_window as {{ type_double() }}) / nullif(quota_new_arr_window, 0)
            as quota_attainment_window,
        coalesce(tenure_months < {{ var('rep_ramp_months') }}, false) as is_ramping

    from scorecard_joined

),

rep_scorecard as (

    select
        {{ surrogate_key(['month_start', 'user_id']) }} as rep_scorecard_monthly_id,
        cast(month_start as date) as month_start,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(user_name as {{ dbt.type_string() }}) as user_name,
        cast(team_name as {{ dbt.type_string() }}) as team_name,
        cast(quota_new_arr as decimal(18, 4)) as quota_new_arr,
        cast(won_new_arr as decimal(18, 4)) as won_new_arr,
        cast(quota_attainment as {{ type_double() }}) as quota_attainment,
        cast(won_count as integer) as won_count,
        cast(lost_count as integer) as lost_count,
        cast(closed_count as integer) as closed_count,
        cast(win_rate as {{ type_double() }}) as win_rate,
        cast(team_win_rate as {{ type_double() }}) as team_win_rate,
        cast(avg_won_deal_size as decimal(18, 4)) as avg_won_deal_size,
        cast(avg_sales_cycle_days as {{ type_double() }}) as avg_sales_cycle_days,
        cast(open_count as integer) as open_pipeline_count,
        cast(open_amount as decimal(18, 4)) as open_pipeline_amount,
        cast(pipeline_velocity_per_day as {{ type_double() }}) as pipeline_velocity_per_day,
        cast(tenure_months as integer) as tenure_months,
        cast(is_ramping as boolean) as is_ramping,
        cast(quota_new_arr_window as decimal(18, 4)) as quota_new_arr_window,
        cast(won_new_arr_window as decimal(18, 4)) as won_new_arr_window,
        cast(quota_attainment_window as {{ type_double() }}) as quota_attainment_window,
        cast(closed_count_window as integer) as closed_count_window,
        cast(win_rate_window as {{ type_double() }}) as win_rate_window,
        cast(team_win_rate_window as {{ type_double() }}) as team_win_rate_window,
        -- E3 rule on the trailing coaching window (var coaching_window_months)
        cast(
            coalesce(
                not is_ramping
                and closed_count_window >= {{ var('coaching_min_closed_opportunities') }}
                and quota_attainment_window < {{ var('coaching_attainment_threshold') }}
                and win_rate_window < team_win_rate_window - {{ var('coaching_win_rate_gap') }},
                false
            ) as boolean
        ) as needs_coaching

    from rates_calculated

)

select * from rep_scorecard
