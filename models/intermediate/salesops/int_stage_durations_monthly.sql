{#-
    Days in each deal stage per month and slice (total, segment), fct_stage_durations_monthly
    publishes it: of the funnel-stage passages of new-business opportunities exited in the month
    (int_opportunity_stage_durations; the month a stage was left), how many there were and the
    median and mean days spent in the stage. Skipped stages (0 days by construction) and stages
    not yet exited (unknown duration) are left out of the figures; skipped_count counts the
    former. Median = percentile_cont(0.5), the mean of the two middle values for an even count.
-#}

with

stage_durations as (

    select
        opportunity_id,
        segment,
        stage_name,
        stage_order,
        exited_month,
        is_skipped,
        days_in_stage

    from {{ ref('int_opportunity_stage_durations') }}

    where exited_month is not null

),

months as (

    select month_start

    from {{ ref('int_calendar_months') }}

    where is_reporting_month

),

stage_durations_sliced as (

    {{ slice_dimensions(
        'stage_durations',
        ['exited_month', 'opportunity_id', 'stage_name', 'stage_order', 'is_skipped',
         'days_in_stage'],
        [['total', "'all'"], ['segment', 'segment']]
    ) }}

),

passages_in_stage as (

    select *

    from stage_durations_sliced

    where not is_skipped

),

durations_aggregated as (

    select
        exited_month as month_start,
        dimension,
        dimension_value,
        stage_name,
        min(stage_order) as stage_order,
        count(*) as exited_count,
        {{ percentile_cont_agg(0.5, "days_in_stage") }} as median_days_in_stage,
        avg(cast(days_in_stage as {{ type_double() }})) as avg_days_in_stage

    from passages_in_stage

    group by 1, 2, 3, 4

),

skips_counted as (

    select
        exited_month as month_start,
        dimension,
        dimension_value,
        stage_name,
        min(stage_order) as stage_order,
        sum(case when is_skipped then 1 else 0 end) as skipped_count

    from stage_durations_sliced

    group by 1, 2, 3, 4

),

stage_durations_monthly as (

    select
        {{ surrogate_key([
            'skips_counted.month_start', 'skips_counted.dimension',
            'skips_counted.dimension_value', 'skips_counted.stage_name',
        ]) }} as stage_durations_monthly_id,
        cast(skips_counted.month_start as date) as month_start,
        cast(skips_counted.dimension as {{ dbt.type_string() }}) as dimension,
        cast(skips_counted.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(skips_counted.stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(skips_counted.stage_order as integer) as stage_order,
        cast(coalesce(durations_aggregated.exited_count, 0) as integer) as exited_count,
        cast(skips_counted.skipped_count as integer) as skipped_count,
        cast(durations_aggregated.median_days_in_stage as {{ type_double() }})
            as median_days_in_stage,
        cast(durations_aggregated.avg_days_in_stage as {{ type_double() }}) as avg_days_in_stage

    from skips_counted

    inner join months
        on skips_counted.month_start = months.month_start

    left join durations_aggregated
        on
            {{- slice_keys_match(
                'skips_counted', 'durations_aggregated',
                ['month_start', 'dimension', 'dimension_value', 'stage_name'],
            ) }}

)

select * from stage_durations_monthly
