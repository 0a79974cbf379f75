{#-
    Pipeline (sales) velocity (M15, D17), per month-end snapshot and slice (total,
    segment, rep): open new-business opportunities at month-end × average won deal
    size × win rate / average won sales-cycle days, in reporting currency per day.
    Win rate, deal size and cycle come from the new-business deals closed in the
    trailing var velocity_lookback_months months (by close date), inside each slice,
    read from their one home int_opportunities_sliced_by_window (the `_trailing` window
    of fct_win_rates_monthly and fct_sales_cycle_monthly). Variants: flow (opportunities created in the window), pipeline value
    (open amount × win rate / cycle) and weighted pipeline (Σ amount × probability / cycle).
    Unknown is not zero: amounts stay NULL when missing, so a sum over only NULL amounts
    (open deals or won deals without an amount) is NULL and so is every velocity built on
    it; a slice with no open deal at all has a known 0 open pipeline. The average won
    deal is the mean of the known won amounts.
-#}

{%- set slices = [['total', "'all'"], ['segment', 'segment'], ['rep', 'owner_user_id']] %}

with

sliced_outcomes as (

    select
        month_start,
        dimension,
        dimension_value,
        created_count_trailing,
        won_count_trailing,
        lost_count_trailing,
        win_rate_trailing,
        avg_won_deal_size_trailing,
        avg_sales_cycle_days_trailing

    from {{ ref('int_opportunities_sliced_by_window') }}

    -- the velocity slices, with a deal closed or created in the trailing window
    where
        dimension in (
            {%- for slice in slices -%}
                '{{ slice[0] }}'{% if not loop.last %}, {% endif %}
            {%- endfor -%}
        )
        and (closed_count_trailing > 0 or created_count_trailing > 0)

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

    {{ report_month_starts() }}

),

open_opportunities_sliced as (

    {{ slice_dimensions(
        'open_opportunities',
        ['month_start', 'opportunity_id', 'amount_reporting', 'weighted_amount_reporting'],
        slices
    ) }}

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

    from sliced_outcomes

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
        {{ zero_when_no_row('open_pipeline.open_count', 'open_pipeline.open_amount') }}
            as open_amount,
        {{ zero_when_no_row('open_pipeline.open_count', 'open_pipeline.weighted_open_amount') }}
            as weighted_open_amount,
        coalesce(sliced_outcomes.created_count_trailing, 0) as created_count,
        coalesce(sliced_outcomes.won_count_trailing, 0) as won_count,
        coalesce(sliced_outcomes.lost_count_trailing, 0) as lost_count,
        sliced_outcomes.win_rate_trailing as win_rate,
        sliced_outcomes.avg_won_deal_size_trailing as avg_won_deal_size,
        sliced_outcomes.avg_sales_cycle_days_trailing as avg_sales_cycle_days

    from slice_keys

    left join sliced_outcomes
        on {{ slice_keys_match('slice_keys', 'sliced_outcomes') }}

    left join open_pipeline
        on {{ slice_keys_match('slice_keys', 'open_pipeline') }}

    inner join months
        on slice_keys.month_start = months.month_start

),

velocity_calculated as (

    select
        {{ slice_key_columns('pipeline_velocity_monthly_id') }},
        cast(open_count as integer) as open_count,
        cast(open_amount as decimal(18, 4)) as open_amount,
        cast(weighted_open_amount as decimal(18, 4)) as weighted_open_amount,
        cast(created_count as integer) as created_count_lookback,
        cast(won_count as integer) as won_count_lookback,
        cast(lost_count as integer) as lost_count_lookback,
        cast(win_rate as {{ type_double() }}) as win_rate_lookback,
        cast(avg_won_deal_size as decimal(18, 4)) as avg_won_deal_size_lookback,
        cast(avg_sales_cycle_days as {{ type_double() }}) as avg_sales_cycle_days_lookback,
        cast(
            open_count * avg_won_deal_size * win_rate / nullif(avg_sales_cycle_days, 0)
            as {{ type_double() }}
        ) as pipeline_velocity_per_day,
        cast(
            30 * open_count * avg_won_deal_size * win_rate / nullif(avg_sales_cycle_days, 0)
            as {{ type_double() }}
        ) as pipeline_velocity_per_30_days,
        cast(
            created_count * avg_won_deal_size * win_rate / nullif(avg_sales_cycle_days, 0)
            as {{ type_double() }}
        ) as flow_velocity_per_day,
        cast(
            cast(open_amount as {{ type_double() }}) * win_rate
            / nullif(avg_sales_cycle_days, 0) as {{ type_double() }}
        ) as pipeline_value_velocity_per_day,
        cast(
            cast(weighted_open_amount as {{ type_double() }})
            / nullif(avg_sales_cycle_days, 0) as {{ type_double() }}
        ) as weighted_pipeline_velocity_per_day

    from factors_joined

)

select * from velocity_calculated
