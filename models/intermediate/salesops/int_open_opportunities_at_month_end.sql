{#-
    The open new-business pipeline as it stood at each month-end (G8 snapshot date):
    one row per opportunity and month-end at which it was open, with the stage,
    amount, probability and expected close date of the stage-history version valid at
    the end of that day (renamed stages arrive mapped from staging). A version in a
    closed stage, or a close date on or before the month-end, means not open.
    Opportunities without any history fall back to their current values while open.
    Amounts use the month's FX rate (int_fx_rates_monthly), like every month-end balance (G5).
-#}

with

opportunities as (

    select
        opportunity_id,
        segment,
        channel,
        owner_user_id,
        team_name,
        currency,
        stage_name,
        stage_order,
        is_closed,
        amount_native,
        probability,
        expected_close_date,
        created_date,
        close_date,
        is_in_sales_metrics

    from {{ ref('int_opportunities') }}

),

stage_history as (

    select
        opportunity_stage_history_id,
        opportunity_id,
        valid_from_at,
        valid_to_at,
        stage_name,
        stage_order,
        amount,
        probability,
        close_date

    from {{ ref('stg_crm__opportunity_stage_history') }}

),

months as (

    select
        month_start,
        month_end

    from {{ ref('int_calendar_months') }}

    where is_reporting_month

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

opportunities_with_history as (

    select distinct opportunity_id

    from stage_history

),

opportunity_months as (

    select
        months.month_start,
        months.month_end,
        cast({{ dbt.dateadd('day', 1, 'months.month_end') }} as {{ dbt.type_timestamp() }})
            as snapshot_at,
        opportunities.opportunity_id,
        opportunities.segment,
        opportunities.channel,
        opportunities.owner_user_id,
        opportunities.team_name,
        opportunities.currency,
        opportunities.created_date,
        opportunities_with_history.opportunity_id is not null as has_history,
        case when not opportunities.is_closed then opportunities.stage_name end
            as current_stage_name,
        case when not opportunities.is_closed then opportunities.stage_order end
            as current_stage_order,
        opportunities.amount_native as current_amount,
        opportunities.probability as current_probability,
        opportunities.expected_close_date as current_expected_close_date

    from opportunities

    inner join months
        on
            opportunities.created_date <= months.month_end
            and (opportunities.close_date is null or opportunities.close_date > months.month_end)

    left join opportunities_with_history
        on opportunities.opportunity_id = opportunities_with_history.opportunity_id

    where opportunities.is_in_sales_metrics

),

versions_at_month_end as (

    select
        opportunity_months.month_start,
        opportunity_months.opportunity_id,
        stage_history.stage_name,
        stage_history.stage_order,
        stage_history.amount,
        stage_history.probability,
        stage_history.close_date,
        row_number() over (
            partition by opportunity_months.month_start, opportunity_months.opportunity_id
            order by
                stage_history.valid_from_at desc,
                stage_history.opportunity_stage_history_id desc
        ) as version_rank

    from opportunity_months

    inner join stage_history
        on
            opportunity_months.opportunity_id = stage_history.opportunity_id
            and opportunity_months.snapshot_at > stage_history.valid_from_at
            and (
                stage_history.valid_to_at is null
                or opportunity_months.snapshot_at <= stage_history.valid_to_at
            )

),

snapshot_values as (

    select
        opportunity_months.month_start,
        opportunity_months.month_end,
        opportunity_months.opportunity_id,
        opportunity_months.segment,
        opportunity_months.channel,
        opportunity_months.owner_user_id,
        opportunity_months.team_name,
        opportunity_months.currency,
        -- the version valid at the month-end where the opportunity has history, else today's
        {%- for column, version_column, current_column in [
            ('stage_name', 'stage_name', 'current_stage_name'),
            ('stage_order', 'stage_order', 'current_stage_order'),
            ('amount_native', 'amount', 'current_amount'),
            ('probability', 'probability', 'current_probability'),
            ('expected_close_date', 'close_date', 'current_expected_close_date'),
        ] %}
            case
                when opportunity_months.has_history then versions_at_month_end.{{ version_column }}
                else opportunity_months.{{ current_column }}
            end as {{ column }},
        {%- endfor %}
        opportunity_months.created_date

    from opportunity_months

    left join versions_at_month_end
        on
            {{- slice_keys_match(
                'opportunity_months', 'versions_at_month_end', ['month_start', 'opportunity_id'],
            ) }}
            and versions_at_month_end.version_rank = 1

),

open_at_month_end as (

    select
        snapshot_values.*,
        snapshot_values.amount_native * fx_rates.rate_to_reporting as amount_reporting

    from snapshot_values

    left join fx_rates
        on {{ slice_keys_match('snapshot_values', 'fx_rates', ['currency', 'month_start']) }}

    where
        snapshot_values.stage_name is not null
        and snapshot_values.stage_name not in ('closed_won', 'closed_lost')

),

open_opportunities_at_month_end as (

    select
        {{ surrogate_key(['month_start', 'opportunity_id']) }}
            as open_opportunity_month_end_id,
        cast(month_start as date) as month_start,
        cast(month_end as date) as month_end,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(owner_user_id as {{ dbt.type_string() }}) as owner_user_id,
        cast(team_name as {{ dbt.type_string() }}) as team_name,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_order as integer) as stage_order,
        cast(amount_reporting as decimal(18, 4)) as amount_reporting,
        cast(probability as {{ type_double() }}) as probability,
        cast(amount_reporting * probability as decimal(18, 4)) as weighted_amount_reporting,
        cast(expected_close_date as date) as expected_close_date,
        cast(created_date as date) as created_date,
        cast(
            {{ dbt.datediff('created_date', 'month_end', 'day') }} as integer  -- noqa: LT05
        ) as age_days

    from open_at_month_end

)

select * from open_opportunities_at_month_end
