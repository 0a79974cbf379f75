{#-
    Pipeline (sales) velocity (M15, D17), per month-end snapshot and slice (total,
    segment, rep): open new-business opportunities at month-end × average won deal
    size × win rate / average won sales-cycle days, in reporting currency per day.
    Win rate, deal size and cycle come from the new-business deals closed in the
    trailing var velocity_lookback_months months (by close date), recomputed inside
    each slice. Variants: flow (opportunities created in the window), pipeline value
    (open amount × win rate / cycle) and weighted pipeline (Σ amount × probability / cycle).
    Unknown is not zero: amounts stay NULL when missing, so a sum over only NULL amounts
    (open deals or won deals without an amount) is NULL and so is every velocity built on
    it; a slice with no open deal at all has a known 0 open pipeline. The average won
    deal is the mean of the known won amounts.
-#}

{%- set lookback_months = var('velocity_lookback_months') | int %}
{%- set slices = [['total', "'all'"], ['segment', 'segment'], ['rep', 'owner_user_id']] %}

with

opportunities as (

    select
        opportunity_id,
        segment,
        owner_user_id,
        is_closed,
        is_won,
        close_month,
        created_month,
        cycle_days,
        amount_reporting,
        is_in_sales_metrics,
        is_in_cycle_metrics

    from {{ ref('fct_opportunities') }}

),

open_opportunities as (

    select
        month_start,
        opportunity_id,
        segment,
        owner_user_id,
        amount_reporting,
        weighted_amount_reporting

    from {{ ref('int_open_opportunities_at_month_end') }}

),

months as (

    select month_start

    from {{ ref('dim_months') }}

),

opportunity_facts as (

    select
        opportunity_id,
        segment,
        owner_user_id,
        close_month,
        created_month,
        is_closed,
        coalesce(is_won, false) as is_won,
        amount_reporting,
        case when is_won and is_in_cycle_metrics then cycle_days end as won_cycle_days

    from opportunities

    where is_in_sales_metrics

),

opportunity_facts_sliced as (

    {{ slice_dimensions(
        'opportunity_facts',
        ['opportunity_id', 'close_month', 'created_month', 'is_closed', 'is_won',
         'amount_reporting', 'won_cycle_days'],
        slices
    ) }}

),

open_opportunities_sliced as (

    {{ slice_dimensions(
        'open_opportunities',
        ['month_start', 'opportunity_id', 'amount_reporting', 'weighted_amount_reporting'],
        slices
    ) }}

),

window_facts as (

    select
        months.month_start,
        opportunity_facts_sliced.dimension,
        opportunity_facts_sliced.dimension_value,
        case
            when
                opportunity_facts_sliced.is_closed
                and opportunity_facts_sliced.close_month <= months.month_start
                and opportunity_facts_sliced.close_month >= cast(
                    {{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date
                )
                then 1
            else 0
        end as is_closed_in_window,
        case
            when
                opportunity_facts_sliced.created_month <= months.month_start
                and opportunity_facts_sliced.created_month >= cast(
                    {{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date
                )
                then 1
            else 0
        end as is_created_in_window,
        opportunity_facts_sliced.is_won,
        opportunity_facts_sliced.amount_reporting,
        opportunity_facts_sliced.won_cycle_days

    from months

    inner join opportunity_facts_sliced
        on
            (
                months.month_start >= opportunity_facts_sliced.close_month
                and cast(
                    {{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date
                ) <= opportunity_facts_sliced.close_month
            )
            or (
                months.month_start >= opportunity_facts_sliced.created_month
                and cast(
                    {{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date
                ) <= opportunity_facts_sliced.created_month
            )

),

window_factors as (

    select
        month_start,
        dimension,
        dimension_value,
        sum(case when is_closed_in_window = 1 and is_won then 1 else 0 end) as won_count,
        sum(case when is_closed_in_window = 1 and not is_won then 1 else 0 end) as lost_count,
        sum(case when is_closed_in_window = 1 and is_won then amount_reporting end)
            as won_amount,
        count(case when is_closed_in_window = 1 and is_won then amount_reporting end)
            as won_amount_count,
        avg(case when is_closed_in_window = 1 and is_won then cast(won_cycle_days as double) end)
            as avg_sales_cycle_days,
        sum(is_created_in_window) as created_count

    from window_facts

    group by 1, 2, 3

),

open_pipeline as (

    select
        month_start,
        dimension,
        dimension_value,
        count(*) as open_count,
        -- NULL when every open deal lacks an amount (unknown, not 0)
        sum(amount_reporting) as open_amount,
        sum(weighted_amount_reporting) as weighted_open_amount

    from open_opportunities_sliced

    group by 1, 2, 3

),

slice_keys as (

    select
        month_start,
        dimension,
        dimension_value

    from window_factors

    union

    select
        month_start,
        dimension,
        dimension_value

    from open_pipeline

),

factors_joined as (

    select
        slice_keys.month_start,
        slice_keys.dimension,
        slice_keys.dimension_value,
        coalesce(open_pipeline.open_count, 0) as open_count,
        -- no open deal at all: a known 0; open deals without amounts: NULL
        case
            when open_pipeline.open_count is null then 0 else open_pipeline.open_amount
        end as open_amount,
        case
            when open_pipeline.open_count is null then 0 else open_pipeline.weighted_open_amount
        end as weighted_open_amount,
        coalesce(window_factors.won_count, 0) as won_count,
        coalesce(window_factors.lost_count, 0) as lost_count,
        window_factors.won_amount,
        window_factors.won_amount_count,
        coalesce(window_factors.created_count, 0) as created_count,
        window_factors.avg_sales_cycle_days

    from slice_keys

    left join window_factors
        on
            slice_keys.month_start = window_factors.month_start
            and slice_keys.dimension = window_factors.dimension
            and slice_keys.dimension_value = window_factors.dimension_value

    left join open_pipeline
        on
            slice_keys.month_start = open_pipeline.month_start
            and slice_keys.dimension = open_pipeline.dimension
            and slice_keys.dimension_value = open_pipeline.dimension_value

    inner join months
        on slice_keys.month_start = months.month_start

),

rates_calculated as (

    select
        *,
        cast(won_count as double) / nullif(won_count + lost_count, 0) as win_rate,
        cast(won_amount as double) / nullif(won_amount_count, 0) as avg_won_deal_size

    from factors_joined

),

velocity_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as pipeline_velocity_monthly_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(open_count as integer) as open_count,
        cast(open_amount as decimal(18, 4)) as open_amount,
        cast(weighted_open_amount as decimal(18, 4)) as weighted_open_amount,
        cast(created_count as integer) as created_count_lookback,
        cast(won_count as integer) as won_count_lookback,
        cast(lost_count as integer) as lost_count_lookback,
        cast(win_rate as double) as win_rate_lookback,
        cast(avg_won_deal_size as decimal(18, 4)) as avg_won_deal_size_lookback,
        cast(avg_sales_cycle_days as double) as avg_sales_cycle_days_lookback,
        cast(
            open_count * avg_won_deal_size * win_rate / nullif(avg_sales_cycle_days, 0)
            as double
        ) as pipeline_velocity_per_day,
        cast(
            30 * open_count * avg_won_deal_size * win_rate / nullif(avg_sales_cycle_days, 0)
            as double
        ) as pipeline_velocity_per_30_days,
        cast(
            created_count * avg_won_deal_size * win_rate / nullif(avg_sales_cycle_days, 0)
            as double
        ) as flow_velocity_per_day,
        cast(
            cast(open_amount as double) * win_rate / nullif(avg_sales_cycle_days, 0) as double
        ) as pipeline_value_velocity_per_day,
        cast(
            cast(weighted_open_amount as double) / nullif(avg_sales_cycle_days, 0) as double
        ) as weighted_pipeline_velocity_per_day

    from rates_calculated

)

select * from velocity_calculated
