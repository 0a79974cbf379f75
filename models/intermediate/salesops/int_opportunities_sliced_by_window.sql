{#-
    The one home of the sliced, windowed new-business opportunity measures (issue 9):
    every opportunity in the SalesOps population (is_in_sales_metrics) is copied once
    per slice (total, segment, channel, rep, team: macro slice_dimensions) and joined to
    every month whose trailing window holds its close month or its created month; the
    measures are then aggregated once per window:
    - '' (the month itself), '_trailing' (var velocity_lookback_months months ending with
      the month, D17) and '_coaching_window' (var coaching_window_months, E3):
      closed outcomes by close month (won / lost / no-decision counts and amounts, win
      rates D10/D12, average won deal M12);
    - '' and '_trailing': sales-cycle measures (M13/M14, population is_in_cycle_metrics)
      and created cohorts by created month (close rate M12/D11, won as of var as_of_date).
    Unknown is not zero: an amount over deals that all lack one is NULL (0 only when
    there is no deal). Read by fct_win_rates_monthly, fct_sales_cycle_monthly,
    fct_close_rates_monthly, fct_pipeline_velocity_monthly and fct_rep_scorecard_monthly.
-#}

{{ config(materialized='table') }}

{#- [window name = column suffix, months ending with the month] -#}
{%- set windows = [
    ['', 1],
    ['_trailing', var('velocity_lookback_months') | int],
    ['_coaching_window', var('coaching_window_months') | int],
] %}
{%- set longest_window = windows | map(attribute=1) | max %}
{%- set outcome_measures = [
    'won_count', 'lost_count', 'closed_count', 'no_decision_lost_count', 'won_amount',
    'lost_amount', 'won_amount_count', 'won_missing_amount_count', 'lost_missing_amount_count',
    'win_rate', 'win_rate_value', 'win_rate_excl_no_decision', 'win_loss_ratio',
    'avg_won_deal_size',
] %}
{%- set cycle_and_cohort_measures = [
    'cycle_won_count', 'cycle_closed_count', 'won_with_lead_count', 'avg_sales_cycle_days',
    'median_sales_cycle_days', 'avg_time_to_close_days', 'median_time_to_close_days',
    'avg_time_to_close_days_with_fallback', 'avg_cycle_days_all_closed', 'created_count',
    'created_amount', 'created_missing_amount_count', 'cohort_won_count', 'cohort_won_amount',
    'close_rate', 'close_rate_value',
] %}
{%- set amount_measures = ['won_amount', 'lost_amount', 'created_amount', 'cohort_won_amount'] %}
{#- every window gets the outcome measures; the month and velocity windows also the others -#}
{%- set pivoted_columns = [] %}
{%- for window in windows %}
    {%- for measure in outcome_measures + (cycle_and_cohort_measures if loop.index <= 2 else []) %}
        {%- do pivoted_columns.append([window[0], measure]) %}
    {%- endfor %}
{%- endfor %}
{%- set no_decision_reasons = var('no_decision_loss_reasons') %}

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
        loss_reason,
        close_date,
        close_month,
        created_month,
        amount_reporting,
        cycle_days,
        time_to_close_days,
        time_to_close_days_with_fallback,
        is_in_sales_metrics,
        is_in_cycle_metrics

    from {{ ref('int_opportunities') }}

),

months as (

    select month_start

    from {{ ref('int_calendar_months') }}

    where is_reporting_month

),

opportunities_flagged as (

    select
        opportunity_id,
        segment,
        channel,
        owner_user_id,
        team_name,
        coalesce(is_closed, false) as is_closed,
        is_won,
        close_month,
        created_month,
        amount_reporting,
        -- losses whose reason is in var no_decision_loss_reasons are "no decision"
        {% if no_decision_reasons | length > 0 -%}
            coalesce(
                loss_reason in (
                    {%- for reason in no_decision_reasons -%}
                        '{{ reason }}'{% if not loop.last %}, {% endif %}
                    {%- endfor -%}
                ),
                false
            )
        {%- else -%}
            false
        {%- endif %} as is_no_decision,
        -- close rate counts a deal as won once it is won on or before var as_of_date
        coalesce(is_won and close_date <= {{ as_of_date() }}, false) as is_won_as_of,
        coalesce(is_in_cycle_metrics, false) as is_in_cycle_metrics,
        cast(cycle_days as {{ type_double() }}) as cycle_days,
        cast(time_to_close_days as {{ type_double() }}) as time_to_close_days,
        cast(time_to_close_days_with_fallback as {{ type_double() }})
            as time_to_close_days_with_fallback

    from opportunities

    where is_in_sales_metrics

),

opportunities_sliced as (

    {{ slice_dimensions(
        'opportunities_flagged',
        ['opportunity_id', 'is_closed', 'is_won', 'close_month', 'created_month',
         'amount_reporting', 'is_no_decision', 'is_won_as_of', 'is_in_cycle_metrics',
         'cycle_days', 'time_to_close_days', 'time_to_close_days_with_fallback'],
        [
            ['total', "'all'"],
            ['segment', 'segment'],
            ['channel', 'channel'],
            ['rep', 'owner_user_id'],
            ['team', 'team_name'],
        ]
    ) }}

),

windows as (

    {%- for window in windows %}

        select
            '{{ window[0] }}' as window_suffix,
            {{ window[1] }} as window_months
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

opportunities_in_window as (

    -- each sliced opportunity once per month whose longest trailing window holds its close
    -- month (closed deals) or its created month, with its distance from that month
    select
        months.month_start,
        opportunities_sliced.dimension,
        opportunities_sliced.dimension_value,
        opportunities_sliced.is_won,
        opportunities_sliced.amount_reporting,
        opportunities_sliced.is_no_decision,
        opportunities_sliced.is_won_as_of,
        opportunities_sliced.is_in_cycle_metrics,
        opportunities_sliced.cycle_days,
        opportunities_sliced.time_to_close_days,
        opportunities_sliced.time_to_close_days_with_fallback,
        case
            when opportunities_sliced.is_closed
                then
                    {{ dbt.datediff(
                        'opportunities_sliced.close_month', 'months.month_start', 'month'
                    ) }}
        end as months_since_close,
        {{ dbt.datediff('opportunities_sliced.created_month', 'months.month_start', 'month') }}
            as months_since_created

    from months

    inner join opportunities_sliced
        on
            (
                opportunities_sliced.is_closed
                and months.month_start >= opportunities_sliced.close_month
                and cast(
                    {{ dbt.dateadd('month', 1 - longest_window, 'months.month_start') }} as date
                ) <= opportunities_sliced.close_month
            )
            or (
                months.month_start >= opportunities_sliced.created_month
                and cast(
                    {{ dbt.dateadd('month', 1 - longest_window, 'months.month_start') }} as date
                ) <= opportunities_sliced.created_month
            )

),

opportunities_by_window as (

    -- one copy per window: closed (or created) in the window = 0 .. window_months - 1
    -- months before the month
    select
        opportunities_in_window.*,
        windows.window_suffix,
        coalesce(
            opportunities_in_window.months_since_close between 0 and windows.window_months - 1,
            false
        ) as is_closed_in_window,
        coalesce(
            opportunities_in_window.months_since_created between 0 and windows.window_months - 1,
            false
        ) as is_created_in_window

    from opportunities_in_window

    cross join windows

),

measures_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        window_suffix,
        -- closed outcomes (population is_in_sales_metrics), by close month
        count(case when is_closed_in_window and is_won then 1 end) as won_count,
        count(case when is_closed_in_window and not is_won then 1 end) as lost_count,
        count(case when is_closed_in_window and not is_won and is_no_decision then 1 end)
            as no_decision_lost_count,
        count(case when is_closed_in_window and is_won then amount_reporting end)
            as won_amount_count,
        count(case when is_closed_in_window and not is_won then amount_reporting end)
            as lost_amount_count,
        sum(case when is_closed_in_window and is_won then amount_reporting end)
            as won_amount_known,
        sum(case when is_closed_in_window and not is_won then amount_reporting end)
            as lost_amount_known,
        -- sales cycle (population is_in_cycle_metrics: no negative cycle), by close month
        count(case when is_closed_in_window and is_in_cycle_metrics and is_won then 1 end)
            as cycle_won_count,
        count(case when is_closed_in_window and is_in_cycle_metrics then 1 end)
            as cycle_closed_count,
        count(case when is_closed_in_window and is_in_cycle_metrics then time_to_close_days end)
            as won_with_lead_count,
        avg(case when is_closed_in_window and is_in_cycle_metrics and is_won then cycle_days end)
            as avg_sales_cycle_days,
        {{ percentile_cont_agg(
            0.5,
            "case when is_closed_in_window and is_in_cycle_metrics and is_won then cycle_days end"
        ) }}
            as median_sales_cycle_days,
        avg(case when is_closed_in_window and is_in_cycle_metrics then time_to_close_days end)
            as avg_time_to_close_days,
        {{ percentile_cont_agg(
            0.5,
            "case when is_closed_in_window and is_in_cycle_metrics then time_to_close_days end"
        ) }}
            as median_time_to_close_days,
        avg(
            case
                when is_closed_in_window and is_in_cycle_metrics
                    then time_to_close_days_with_fallback
            end
        ) as avg_time_to_close_days_with_fallback,
        avg(case when is_closed_in_window and is_in_cycle_metrics then cycle_days end)
            as avg_cycle_days_all_closed,
        -- created cohorts, won as of var as_of_date
        count(case when is_created_in_window then 1 end) as created_count,
        count(case when is_created_in_window then amount_reporting end) as created_amount_count,
        sum(case when is_created_in_window then amount_reporting end) as created_amount_known,
        count(case when is_created_in_window and is_won_as_of then 1 end) as cohort_won_count,
        sum(case when is_created_in_window and is_won_as_of then amount_reporting end)
            as cohort_won_amount_known

    from opportunities_by_window

    group by 1, 2, 3, 4

),

amounts_resolved as (

    -- no deal: a known 0; deals that all lack an amount: NULL (unknown, not 0)
    select
        *,
        case when won_count = 0 then 0 else won_amount_known end as won_amount,
        case when lost_count = 0 then 0 else lost_amount_known end as lost_amount,
        case when created_count = 0 then 0 else created_amount_known end as created_amount,
        case when cohort_won_count = 0 then 0 else cohort_won_amount_known end
            as cohort_won_amount

    from measures_aggregated

),

measures_calculated as (

    select
        month_start,
        dimension,
        dimension_value,
        window_suffix,
        won_count,
        lost_count,
        won_count + lost_count as closed_count,
        no_decision_lost_count,
        won_amount,
        lost_amount,
        won_amount_count,
        won_count - won_amount_count as won_missing_amount_count,
        lost_count - lost_amount_count as lost_missing_amount_count,
        cast(won_count as {{ type_double() }}) / nullif(won_count + lost_count, 0) as win_rate,
        cast(won_amount as {{ type_double() }}) / nullif(won_amount + lost_amount, 0)
            as win_rate_value,
        cast(won_count as {{ type_double() }})
        / nullif(won_count + lost_count - no_decision_lost_count, 0)
            as win_rate_excl_no_decision,
        cast(won_count as {{ type_double() }}) / nullif(lost_count, 0) as win_loss_ratio,
        -- unrounded (double): velocity multiplies it; marts publish it as decimal(18, 4)
        cast(won_amount as {{ type_double() }}) / nullif(won_amount_count, 0) as avg_won_deal_size,
        cycle_won_count,
        cycle_closed_count,
        won_with_lead_count,
        avg_sales_cycle_days,
        median_sales_cycle_days,
        avg_time_to_close_days,
        median_time_to_close_days,
        avg_time_to_close_days_with_fallback,
        avg_cycle_days_all_closed,
        created_count,
        created_amount,
        created_count - created_amount_count as created_missing_amount_count,
        cohort_won_count,
        cohort_won_amount,
        cast(cohort_won_count as {{ type_double() }}) / nullif(created_count, 0) as close_rate,
        cast(cohort_won_amount as {{ type_double() }}) / nullif(created_amount, 0)
            as close_rate_value

    from amounts_resolved

),

windows_pivoted as (

    -- one column per window and measure: <measure><window suffix>
    select
        month_start,
        dimension,
        dimension_value,
        {%- for column in pivoted_columns %}
            max(case when window_suffix = '{{ column[0] }}' then {{ column[1] }} end)
                as {{ column[1] ~ column[0] }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from measures_calculated

    group by 1, 2, 3

),

opportunities_sliced_by_window as (

    select
        {{ slice_key_columns('opportunities_sliced_by_window_id') }},
        {%- for column in pivoted_columns %}
            {%- set name = column[1] ~ column[0] %}
            {%- if column[1] in amount_measures %}
                cast({{ name }} as decimal(18, 4)) as {{ name }}
            {%- elif column[1].endswith('_count') %}
                cast({{ name }} as integer) as {{ name }}
            {%- else %}
                cast({{ name }} as {{ type_double() }}) as {{ name }}
            {%- endif %}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from windows_pivoted

)

select * from opportunities_sliced_by_window
