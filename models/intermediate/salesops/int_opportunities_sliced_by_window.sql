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

{%- set outcome_windows = [
    ['', 1],
    ['_trailing', var('velocity_lookback_months') | int],
    ['_coaching_window', var('coaching_window_months') | int],
] %}
{%- set cycle_and_cohort_windows = outcome_windows[:2] %}
{%- set longest_window = [outcome_windows[1][1], outcome_windows[2][1], 1] | max %}
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

    from {{ ref('fct_opportunities') }}

),

months as (

    select month_start

    from {{ ref('dim_months') }}

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
        cast(cycle_days as double) as cycle_days,
        cast(time_to_close_days as double) as time_to_close_days,
        cast(time_to_close_days_with_fallback as double) as time_to_close_days_with_fallback

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

opportunities_in_window as (

    -- each sliced opportunity once per month whose longest trailing window holds its
    -- close month (closed deals) or its created month, with one flag pair per window
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
        {%- for window in outcome_windows %}
        coalesce(
            opportunities_sliced.is_closed
            and opportunities_sliced.close_month <= months.month_start
            and opportunities_sliced.close_month
            >= cast({{ dbt.dateadd('month', 1 - window[1], 'months.month_start') }} as date),
            false
        ) as is_closed_in_window{{ window[0] }},
        coalesce(
            opportunities_sliced.created_month <= months.month_start
            and opportunities_sliced.created_month
            >= cast({{ dbt.dateadd('month', 1 - window[1], 'months.month_start') }} as date),
            false
        ) as is_created_in_window{{ window[0] }}{% if not loop.last %},{% endif %}
        {%- endfor %}

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

measures_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        {%- for window in outcome_windows %}
        {%- set closed = 'is_closed_in_window' ~ window[0] %}
        count(case when {{ closed }} and is_won then 1 end) as won_count{{ window[0] }},
        count(case when {{ closed }} and not is_won then 1 end) as lost_count{{ window[0] }},
        count(case when {{ closed }} and not is_won and is_no_decision then 1 end)
            as no_decision_lost_count{{ window[0] }},
        count(case when {{ closed }} and is_won then amount_reporting end)
            as won_amount_count{{ window[0] }},
        count(case when {{ closed }} and not is_won then amount_reporting end)
            as lost_amount_count{{ window[0] }},
        sum(case when {{ closed }} and is_won then amount_reporting end)
            as won_amount_known{{ window[0] }},
        sum(case when {{ closed }} and not is_won then amount_reporting end)
            as lost_amount_known{{ window[0] }},
        {%- endfor %}
        {%- for window in cycle_and_cohort_windows %}
        {%- set cycle_closed = 'is_closed_in_window' ~ window[0] ~ ' and is_in_cycle_metrics' %}
        {%- set created = 'is_created_in_window' ~ window[0] %}
        count(case when {{ cycle_closed }} and is_won then 1 end) as cycle_won_count{{ window[0] }},
        count(case when {{ cycle_closed }} then 1 end) as cycle_closed_count{{ window[0] }},
        count(case when {{ cycle_closed }} then time_to_close_days end)
            as won_with_lead_count{{ window[0] }},
        avg(case when {{ cycle_closed }} and is_won then cycle_days end)
            as avg_sales_cycle_days{{ window[0] }},
        percentile_cont(0.5) within group (
            order by case when {{ cycle_closed }} and is_won then cycle_days end
        ) as median_sales_cycle_days{{ window[0] }},
        avg(case when {{ cycle_closed }} then time_to_close_days end)
            as avg_time_to_close_days{{ window[0] }},
        percentile_cont(0.5) within group (
            order by case when {{ cycle_closed }} then time_to_close_days end
        ) as median_time_to_close_days{{ window[0] }},
        avg(case when {{ cycle_closed }} then time_to_close_days_with_fallback end)
            as avg_time_to_close_days_with_fallback{{ window[0] }},
        avg(case when {{ cycle_closed }} then cycle_days end)
            as avg_cycle_days_all_closed{{ window[0] }},
        count(case when {{ created }} then 1 end) as created_count{{ window[0] }},
        count(case when {{ created }} then amount_reporting end)
            as created_amount_count{{ window[0] }},
        sum(case when {{ created }} then amount_reporting end)
            as created_amount_known{{ window[0] }},
        count(case when {{ created }} and is_won_as_of then 1 end)
            as cohort_won_count{{ window[0] }},
        sum(case when {{ created }} and is_won_as_of then amount_reporting end)
            as cohort_won_amount_known{{ window[0] }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from opportunities_in_window

    group by 1, 2, 3

),

amounts_resolved as (

    -- no deal: a known 0; deals that all lack an amount: NULL (unknown, not 0)
    select
        *,
        {%- for window in outcome_windows %}
        case when won_count{{ window[0] }} = 0 then 0 else won_amount_known{{ window[0] }} end
            as won_amount{{ window[0] }},
        case when lost_count{{ window[0] }} = 0 then 0 else lost_amount_known{{ window[0] }} end
            as lost_amount{{ window[0] }},
        {%- endfor %}
        {%- for window in cycle_and_cohort_windows %}
        case
            when created_count{{ window[0] }} = 0 then 0 else created_amount_known{{ window[0] }}
        end as created_amount{{ window[0] }},
        case
            when cohort_won_count{{ window[0] }} = 0 then 0
            else cohort_won_amount_known{{ window[0] }}
        end as cohort_won_amount{{ window[0] }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from measures_aggregated

),

measures_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as opportunities_sliced_by_window_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        {%- for window in outcome_windows %}
        {%- set w = window[0] %}
        cast(won_count{{ w }} as integer) as won_count{{ w }},
        cast(lost_count{{ w }} as integer) as lost_count{{ w }},
        cast(won_count{{ w }} + lost_count{{ w }} as integer) as closed_count{{ w }},
        cast(no_decision_lost_count{{ w }} as integer) as no_decision_lost_count{{ w }},
        cast(won_amount{{ w }} as decimal(18, 4)) as won_amount{{ w }},
        cast(lost_amount{{ w }} as decimal(18, 4)) as lost_amount{{ w }},
        cast(won_amount_count{{ w }} as integer) as won_amount_count{{ w }},
        cast(won_count{{ w }} - won_amount_count{{ w }} as integer)
            as won_missing_amount_count{{ w }},
        cast(lost_count{{ w }} - lost_amount_count{{ w }} as integer)
            as lost_missing_amount_count{{ w }},
        cast(won_count{{ w }} as double) / nullif(won_count{{ w }} + lost_count{{ w }}, 0)
            as win_rate{{ w }},
        cast(won_amount{{ w }} as double) / nullif(won_amount{{ w }} + lost_amount{{ w }}, 0)
            as win_rate_value{{ w }},
        cast(won_count{{ w }} as double)
        / nullif(won_count{{ w }} + lost_count{{ w }} - no_decision_lost_count{{ w }}, 0)
            as win_rate_excl_no_decision{{ w }},
        cast(won_count{{ w }} as double) / nullif(lost_count{{ w }}, 0) as win_loss_ratio{{ w }},
        -- unrounded (double): velocity multiplies it; marts publish it as decimal(18, 4)
        cast(won_amount{{ w }} as double) / nullif(won_amount_count{{ w }}, 0)
            as avg_won_deal_size{{ w }},
        {%- endfor %}
        {%- for window in cycle_and_cohort_windows %}
        {%- set w = window[0] %}
        cast(cycle_won_count{{ w }} as integer) as cycle_won_count{{ w }},
        cast(cycle_closed_count{{ w }} as integer) as cycle_closed_count{{ w }},
        cast(won_with_lead_count{{ w }} as integer) as won_with_lead_count{{ w }},
        cast(avg_sales_cycle_days{{ w }} as double) as avg_sales_cycle_days{{ w }},
        cast(median_sales_cycle_days{{ w }} as double) as median_sales_cycle_days{{ w }},
        cast(avg_time_to_close_days{{ w }} as double) as avg_time_to_close_days{{ w }},
        cast(median_time_to_close_days{{ w }} as double) as median_time_to_close_days{{ w }},
        cast(avg_time_to_close_days_with_fallback{{ w }} as double)
            as avg_time_to_close_days_with_fallback{{ w }},
        cast(avg_cycle_days_all_closed{{ w }} as double) as avg_cycle_days_all_closed{{ w }},
        cast(created_count{{ w }} as integer) as created_count{{ w }},
        cast(created_amount{{ w }} as decimal(18, 4)) as created_amount{{ w }},
        cast(created_count{{ w }} - created_amount_count{{ w }} as integer)
            as created_missing_amount_count{{ w }},
        cast(cohort_won_count{{ w }} as integer) as cohort_won_count{{ w }},
        cast(cohort_won_amount{{ w }} as decimal(18, 4)) as cohort_won_amount{{ w }},
        cast(cohort_won_count{{ w }} as double) / nullif(created_count{{ w }}, 0)
            as close_rate{{ w }},
        cast(cohort_won_amount{{ w }} as double) / nullif(created_amount{{ w }}, 0)
            as close_rate_value{{ w }}{% if not loop.last %},{% endif %}
        {%- endfor %}

    from amounts_resolved

)

select * from measures_calculated
