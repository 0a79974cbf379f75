{#-
    Sales-forecast accuracy (E2) by quarter, total and per rep: the submitted forecast
    frozen at the quarter's first business day (S20: Mon-Fri, not 1 January; the latest
    submission whose company-time-zone date, G7, is on or before that day; a rep who only
    submitted later gets the earliest submission, flagged is_submitted_late) against
    the actual new-business ARR won in the quarter; accuracy, bias, and the running
    MAPE and WAPE over the quarters so far; plus the weighted-pipeline forecast from
    the pipeline frozen at the start of the quarter (stage-history versions valid
    then × their probability, deals expected to close in the quarter or undated).
    Unknown is not zero: actual ARR is the sum of the known won amounts, NULL when every
    won deal lacks an amount (0 only when nothing was won), and so are the errors on it.
-#}

with

forecasts as (

    select
        quarter_start,
        user_id,
        forecast_new_arr,
        submitted_at,
        submitted_date

    from {{ ref('stg_finance__sales_forecasts') }}

),

opportunities as (

    select
        opportunity_id,
        owner_user_id,
        is_won,
        close_date,
        amount_reporting,
        is_in_sales_metrics

    from {{ ref('int_opportunities') }}

),

open_opportunities as (

    select
        month_end,
        owner_user_id,
        expected_close_date,
        weighted_amount_reporting

    from {{ ref('int_open_opportunities_at_month_end') }}

),

months as (

    {{ report_month_starts() }}

),

quarters as (

    select
        month_start as quarter_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'month_start')) }} as date)
            as quarter_end,
        cast({{ dbt.dateadd('day', -1, 'month_start') }} as date) as frozen_snapshot_date

    from months

    where month_start = cast({{ dbt.date_trunc('quarter', 'month_start') }} as date)

),

forecasts_with_first_weekday as (

    -- 1 January (New Year's Day) is never a business day, so Q1 starts looking on 2 January
    select
        quarter_start,
        user_id,
        forecast_new_arr,
        submitted_at,
        submitted_date,
        cast(
            {{ dbt.dateadd(
                'day',
                'case when extract(month from quarter_start) = 1 then 1 else 0 end',
                'quarter_start'
            ) }} as date
        ) as first_candidate_day

    from forecasts

),

forecasts_with_deadline as (

    -- deadline = the quarter's first business day: Mon-Fri, a Saturday or Sunday moves to
    -- the Monday; submitted_date is the company-time-zone date (G7)
    select
        *,
        cast(
            {{ dbt.dateadd(
                'day',
                "case " ~ day_of_week('first_candidate_day')
                ~ " when 6 then 2 when 0 then 1 else 0 end",
                'first_candidate_day'
            ) }} as date
        ) as submission_deadline

    from forecasts_with_first_weekday

),

forecasts_ranked as (

    select
        quarter_start,
        user_id,
        forecast_new_arr,
        submitted_date > submission_deadline as is_submitted_late,
        row_number() over (
            partition by quarter_start, user_id
            order by
                case when submitted_date <= submission_deadline then 0 else 1 end,
                case when submitted_date <= submission_deadline then submitted_at end desc,
                submitted_at
        ) as submission_rank

    from forecasts_with_deadline

),

frozen_forecasts as (

    select
        quarter_start,
        user_id,
        forecast_new_arr,
        is_submitted_late

    from forecasts_ranked

    where submission_rank = 1

),

won_in_quarter as (

    select
        cast({{ dbt.date_trunc('quarter', 'close_date') }} as date) as quarter_start,
        owner_user_id as user_id,
        count(*) as won_count,
        sum(amount_reporting) as actual_new_arr

    from opportunities

    where is_in_sales_metrics and is_won

    group by 1, 2

),

frozen_pipeline as (

    select
        quarters.quarter_start,
        open_opportunities.owner_user_id as user_id,
        sum(open_opportunities.weighted_amount_reporting) as weighted_pipeline_forecast

    from quarters

    inner join open_opportunities
        on quarters.frozen_snapshot_date = open_opportunities.month_end

    where
        open_opportunities.expected_close_date is null
        or open_opportunities.expected_close_date
        between quarters.quarter_start and quarters.quarter_end

    group by 1, 2

),

rep_quarters as (

    select
        quarter_start,
        user_id

    from frozen_forecasts

    union

    select
        quarter_start,
        user_id

    from won_in_quarter

    union

    select
        quarter_start,
        user_id

    from frozen_pipeline

),

rep_rows as (

    select
        quarters.quarter_start,
        quarters.quarter_end,
        'rep' as dimension,
        rep_quarters.user_id as dimension_value,
        frozen_forecasts.forecast_new_arr,
        coalesce(frozen_forecasts.is_submitted_late, false) as is_submitted_late,
        -- nothing won: a known 0; won deals that all lack an amount: NULL (unknown)
        {{ zero_when_no_row('won_in_quarter.user_id', 'won_in_quarter.actual_new_arr') }}
            as actual_new_arr,
        frozen_pipeline.weighted_pipeline_forecast,
        coalesce(won_in_quarter.won_count, 0) as won_count

    from rep_quarters

    inner join quarters
        on rep_quarters.quarter_start = quarters.quarter_start

    left join frozen_forecasts
        on {{ slice_keys_match('rep_quarters', 'frozen_forecasts', ['quarter_start', 'user_id']) }}

    left join won_in_quarter
        on {{ slice_keys_match('rep_quarters', 'won_in_quarter', ['quarter_start', 'user_id']) }}

    left join frozen_pipeline
        on {{ slice_keys_match('rep_quarters', 'frozen_pipeline', ['quarter_start', 'user_id']) }}

),

total_rows as (

    select
        quarter_start,
        quarter_end,
        'total' as dimension,
        'all' as dimension_value,
        sum(forecast_new_arr) as forecast_new_arr,
        max(case when is_submitted_late then 1 else 0 end) = 1 as is_submitted_late,
        -- nothing won: 0; won deals that all lack an amount: NULL; else Σ known amounts
        case
            when sum(won_count) = 0 then 0
            else sum(case when won_count > 0 then actual_new_arr end)
        end as actual_new_arr,
        sum(weighted_pipeline_forecast) as weighted_pipeline_forecast,
        sum(won_count) as won_count

    from rep_rows

    group by 1, 2, 3, 4

),

forecast_rows as (

    select * from rep_rows

    union all

    select * from total_rows

),

errors_calculated as (

    select
        *,
        quarter_end <= {{ as_of_date() }} as is_quarter_complete,
        case
            when quarter_end <= {{ as_of_date() }} and forecast_new_arr is not null
                then abs(actual_new_arr - forecast_new_arr)
        end as absolute_error

    from forecast_rows

),

accuracy_calculated as (

    select
        *,
        cast(absolute_error as {{ type_double() }}) / nullif(actual_new_arr, 0)
            as absolute_percentage_error

    from errors_calculated

),

sales_forecast_quarterly as (

    select
        {{ surrogate_key(['quarter_start', 'dimension', 'dimension_value']) }}
            as sales_forecast_quarterly_id,
        cast(quarter_start as date) as quarter_start,
        cast(quarter_end as date) as quarter_end,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(is_quarter_complete as boolean) as is_quarter_complete,
        cast(is_submitted_late as boolean) as is_submitted_late,
        cast(forecast_new_arr as decimal(18, 4)) as forecast_new_arr,
        cast(actual_new_arr as decimal(18, 4)) as actual_new_arr,
        cast(absolute_error as decimal(18, 4)) as absolute_error,
        cast(1 - absolute_percentage_error as {{ type_double() }}) as forecast_accuracy,
        case
            when absolute_error is not null
                then
                    cast(forecast_new_arr - actual_new_arr as {{ type_double() }})
                    / nullif(actual_new_arr, 0)
        end as forecast_bias,
        cast(
            avg(absolute_percentage_error) over (
                partition by dimension, dimension_value
                order by quarter_start
                rows between unbounded preceding and current row
            ) as {{ type_double() }}
        ) as mape_to_date,
        cast(
            sum(absolute_error) over (
                partition by dimension, dimension_value
                order by quarter_start
                rows between unbounded preceding and current row
            ) as {{ type_double() }}
        )
        / nullif(
            sum(case when absolute_error is not null then actual_new_arr end) over (
                partition by dimension, dimension_value
                order by quarter_start
                rows between unbounded preceding and current row
            ),
            0
        ) as wape_to_date,
        cast(weighted_pipeline_forecast as decimal(18, 4)) as weighted_pipeline_forecast

    from accuracy_calculated

)

select * from sales_forecast_quarterly
