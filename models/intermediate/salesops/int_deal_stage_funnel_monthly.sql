{#-
    The deal-stage funnel by created-month cohort, as it stood at each report month-end
    (fct_deal_stage_funnel_monthly publishes it):
    of the new-business opportunities created in a month (with stage history), how many had
    reached each funnel stage by that month-end (reach_rate), and the stage-to-stage
    conversion. Reached stages come from int_opportunity_stage_durations (a skipped stage
    counts as reached when a later one is). Opportunities without any stage history cannot be
    placed in the funnel: they are counted per cohort (without_history_count), never dropped
    silently, and left out of cohort_count.
-#}

with

opportunities as (

    select
        opportunity_id,
        created_month

    from {{ ref('int_opportunities') }}

    where is_in_sales_metrics

),

close_dates_from_history as (

    select opportunity_id

    from {{ ref('int_opportunity_close_dates_from_history') }}

),

stage_durations as (

    select
        opportunity_id,
        created_month,
        stage_name,
        stage_order,
        entered_month

    from {{ ref('int_opportunity_stage_durations') }}

),

stage_mapping as (

    select
        stage_name,
        stage_order,
        is_closed,
        is_won

    from {{ ref('stage_mapping') }}

),

months as (

    select
        month_start,
        month_end,
        is_reporting_month

    from {{ ref('int_calendar_months') }}

),

funnel_stages as (

    select distinct
        stage_name,
        stage_order

    from stage_mapping

    where not is_closed or is_won

),

cohorts_counted as (

    select
        opportunities.created_month,
        count(close_dates_from_history.opportunity_id) as cohort_count,
        count(*) - count(close_dates_from_history.opportunity_id) as without_history_count

    from opportunities

    left join close_dates_from_history
        on opportunities.opportunity_id = close_dates_from_history.opportunity_id

    group by 1

),

entries_counted as (

    select
        created_month,
        stage_name,
        entered_month,
        count(*) as entered_count

    from stage_durations

    group by 1, 2, 3

),

cohort_stage_months as (

    -- cohorts × funnel stages (a handful) × the months from the cohort's month on
    select
        cohorts_counted.created_month,
        cohorts_counted.cohort_count,
        cohorts_counted.without_history_count,
        funnel_stages.stage_name,
        funnel_stages.stage_order,
        months.month_start,
        months.month_end,
        months.is_reporting_month

    from cohorts_counted

    cross join funnel_stages

    inner join months
        on cohorts_counted.created_month <= months.month_start

),

reach_accumulated as (

    select
        cohort_stage_months.*,
        sum(coalesce(entries_counted.entered_count, 0)) over (
            partition by cohort_stage_months.created_month, cohort_stage_months.stage_name
            order by cohort_stage_months.month_start
            rows between unbounded preceding and current row
        ) as reached_count

    from cohort_stage_months

    left join entries_counted
        on
            cohort_stage_months.created_month = entries_counted.created_month
            and cohort_stage_months.stage_name = entries_counted.stage_name
            and cohort_stage_months.month_start = entries_counted.entered_month

),

rates_calculated as (

    select
        {{ surrogate_key(['created_month', 'month_start', 'stage_name']) }}
            as deal_stage_funnel_monthly_id,
        cast(created_month as date) as created_month,
        cast(month_start as date) as month_start,
        cast(month_end as date) as month_end,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_order as integer) as stage_order,
        cast(cohort_count as integer) as cohort_count,
        cast(without_history_count as integer) as without_history_count,
        cast(reached_count as integer) as reached_count,
        cast(reached_count as {{ type_double() }}) / nullif(cohort_count, 0) as reach_rate,
        {{ stage_to_stage_rate('reached_count', ['created_month', 'month_start']) }}
            as stage_to_stage_rate

    from reach_accumulated

    where is_reporting_month

)

select * from rates_calculated
