{#-
    Win rate (D10), value win rate, win rate without "no decision" losses, win/loss
    ratio (D12) and average won deal size (M12) of new-business opportunities, by
    close month (G8), one dimension at a time. The `_trailing` columns cover the
    trailing var velocity_lookback_months months ending with the month (default 3:
    the trailing quarter), the window pipeline velocity uses (D17). A "no decision" loss
    is a loss whose reason is in var no_decision_loss_reasons (default ['no_decision']).
-#}

{%- set lookback_months = var('velocity_lookback_months') | int %}
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
        amount_reporting,
        close_month,
        is_in_sales_metrics

    from {{ ref('fct_opportunities') }}

),

months as (

    select month_start

    from {{ ref('dim_months') }}

),

closed_opportunities as (

    select
        opportunity_id,
        segment,
        channel,
        owner_user_id,
        team_name,
        close_month,
        is_won,
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
        amount_reporting

    from opportunities

    where is_in_sales_metrics and is_closed

),

closed_opportunities_sliced as (

    {{ slice_dimensions(
        'closed_opportunities',
        ['opportunity_id', 'close_month', 'is_won', 'is_no_decision', 'amount_reporting'],
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
        closed_opportunities_sliced.is_no_decision,
        closed_opportunities_sliced.amount_reporting,
        closed_opportunities_sliced.close_month = months.month_start as is_in_month

    from months

    inner join closed_opportunities_sliced
        on
            months.month_start >= closed_opportunities_sliced.close_month
            and cast({{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date)
            <= closed_opportunities_sliced.close_month

),

outcomes_counted as (

    select
        month_start,
        dimension,
        dimension_value,
        count(case when is_in_month and is_won then 1 end) as won_count,
        count(case when is_in_month and not is_won then 1 end) as lost_count,
        count(case when is_in_month and not is_won and is_no_decision then 1 end)
            as no_decision_lost_count,
        count(case when is_in_month and is_won then amount_reporting end) as won_amount_count,
        count(case when is_in_month and not is_won then amount_reporting end)
            as lost_amount_count,
        sum(case when is_in_month and is_won then amount_reporting end) as won_amount_known,
        sum(case when is_in_month and not is_won then amount_reporting end)
            as lost_amount_known,
        count(case when is_won then 1 end) as won_count_trailing,
        count(case when not is_won then 1 end) as lost_count_trailing,
        count(case when not is_won and is_no_decision then 1 end)
            as no_decision_lost_count_trailing,
        count(case when is_won then amount_reporting end) as won_amount_count_trailing,
        sum(case when is_won then amount_reporting end) as won_amount_known_trailing,
        sum(case when not is_won then amount_reporting end) as lost_amount_known_trailing

    from closed_in_window

    group by 1, 2, 3

),

amounts_resolved as (

    select
        month_start,
        dimension,
        dimension_value,
        won_count,
        lost_count,
        no_decision_lost_count,
        won_amount_count,
        won_count - won_amount_count as won_missing_amount_count,
        lost_count - lost_amount_count as lost_missing_amount_count,
        won_count_trailing,
        lost_count_trailing,
        no_decision_lost_count_trailing,
        won_amount_count_trailing,
        -- no deal: a known 0; deals that all lack an amount: NULL (unknown, not 0)
        case when won_count = 0 then 0 else won_amount_known end as won_amount,
        case when lost_count = 0 then 0 else lost_amount_known end as lost_amount,
        case when won_count_trailing = 0 then 0 else won_amount_known_trailing end
            as won_amount_trailing,
        case when lost_count_trailing = 0 then 0 else lost_amount_known_trailing end
            as lost_amount_trailing

    from outcomes_counted

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
        cast(won_count + lost_count as integer) as closed_count,
        cast(no_decision_lost_count as integer) as no_decision_lost_count,
        cast(won_amount as decimal(18, 4)) as won_amount,
        cast(lost_amount as decimal(18, 4)) as lost_amount,
        cast(won_missing_amount_count as integer) as won_missing_amount_count,
        cast(lost_missing_amount_count as integer) as lost_missing_amount_count,
        cast(won_count as double) / nullif(won_count + lost_count, 0) as win_rate,
        cast(won_amount as double) / nullif(won_amount + lost_amount, 0) as win_rate_value,
        cast(won_count as double)
        / nullif(won_count + lost_count - no_decision_lost_count, 0)
            as win_rate_excl_no_decision,
        cast(won_count as double) / nullif(lost_count, 0) as win_loss_ratio,
        cast(won_amount / nullif(won_amount_count, 0) as decimal(18, 4)) as avg_won_deal_size,
        cast(won_count_trailing as integer) as won_count_trailing,
        cast(lost_count_trailing as integer) as lost_count_trailing,
        cast(won_amount_trailing as decimal(18, 4)) as won_amount_trailing,
        cast(lost_amount_trailing as decimal(18, 4)) as lost_amount_trailing,
        cast(won_count_trailing as double)
        / nullif(won_count_trailing + lost_count_trailing, 0) as win_rate_trailing,
        cast(won_amount_trailing as double)
        / nullif(won_amount_trailing + lost_amount_trailing, 0) as win_rate_value_trailing,
        cast(won_count_trailing as double)
        / nullif(
            won_count_trailing + lost_count_trailing - no_decision_lost_count_trailing, 0
        ) as win_rate_excl_no_decision_trailing,
        cast(won_count_trailing as double) / nullif(lost_count_trailing, 0)
            as win_loss_ratio_trailing,
        cast(won_amount_trailing / nullif(won_amount_count_trailing, 0) as decimal(18, 4))
            as avg_won_deal_size_trailing

    from amounts_resolved

)

select * from win_rates_calculated
