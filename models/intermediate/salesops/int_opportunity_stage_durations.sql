{#-
    The deal-stage funnel's one home: one row per new-business opportunity (G9, DD02) with
    stage history and per funnel stage it reached. Funnel stages are the open stages and the
    won stage of the stage_mapping seed, in pipeline order; the lost stage ends a deal's path
    without reaching anything. A stage counts as reached on the first day the history stood at
    it or at any later funnel stage (a skipped stage is reached when a later one is:
    is_skipped, 0 days), and as exited on the first day after that on which the history stood
    at a later stage or the lost stage (first pass: moving back does not reopen a stage).
    Days in stage = exited − entered; NULL while the deal is still in it (unknown, not 0)
    and for the won stage, which is never exited. Dates are company-time-zone days (TZ01).
-#}

with

opportunities as (

    select
        opportunity_id,
        segment,
        created_month

    from {{ ref('int_opportunities') }}

    where is_in_sales_metrics

),

stage_history as (

    select
        opportunity_id,
        valid_from_at,
        valid_from_date,
        stage_order,
        is_closed,
        is_won

    from {{ ref('stg_crm__opportunity_stage_history') }}

),

stage_mapping as (

    select
        stage_name,
        stage_order,
        is_closed,
        is_won

    from {{ ref('stage_mapping') }}

),

funnel_stages as (

    select distinct
        stage_name,
        stage_order,
        is_won

    from stage_mapping

    where not is_closed or is_won

),

versions as (

    select
        stage_history.opportunity_id,
        stage_history.valid_from_at,
        stage_history.valid_from_date,
        stage_history.stage_order,
        coalesce(stage_history.is_closed and not stage_history.is_won, false) as is_lost

    from stage_history

    inner join opportunities
        on stage_history.opportunity_id = opportunities.opportunity_id

),

stages_entered as (

    -- each version reaches its own stage and every earlier funnel stage (at most 6 rows)
    select
        versions.opportunity_id,
        funnel_stages.stage_name,
        funnel_stages.stage_order,
        funnel_stages.is_won,
        min(versions.valid_from_at) as entered_at,
        min(versions.valid_from_date) as entered_date,
        max(case when versions.stage_order = funnel_stages.stage_order then 1 else 0 end)
            as was_in_stage

    from versions

    inner join funnel_stages
        on versions.stage_order >= funnel_stages.stage_order

    where not versions.is_lost

    group by 1, 2, 3, 4

),

stages_exited as (

    select
        stages_entered.opportunity_id,
        stages_entered.stage_name,
        min(versions.valid_from_date) as exited_date

    from stages_entered

    inner join versions
        on
            stages_entered.opportunity_id = versions.opportunity_id
            and stages_entered.stage_order < versions.stage_order
            and stages_entered.entered_at <= versions.valid_from_at

    where not stages_entered.is_won

    group by 1, 2

),

durations_calculated as (

    select
        stages_entered.opportunity_id,
        opportunities.segment,
        opportunities.created_month,
        stages_entered.stage_name,
        stages_entered.stage_order,
        stages_entered.entered_date,
        stages_exited.exited_date,
        stages_entered.was_in_stage = 0 as is_skipped,
        {{ dbt.datediff('stages_entered.entered_date', 'stages_exited.exited_date', 'day') }}
            as days_in_stage

    from stages_entered

    inner join opportunities
        on stages_entered.opportunity_id = opportunities.opportunity_id

    left join stages_exited
        on
            stages_entered.opportunity_id = stages_exited.opportunity_id
            and stages_entered.stage_name = stages_exited.stage_name

),

opportunity_stage_durations as (

    select
        {{ surrogate_key(['opportunity_id', 'stage_name']) }} as opportunity_stage_duration_id,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(created_month as date) as created_month,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_order as integer) as stage_order,
        cast(entered_date as date) as entered_date,
        cast({{ month_start('entered_date') }} as date) as entered_month,
        cast(exited_date as date) as exited_date,
        cast({{ month_start('exited_date') }} as date) as exited_month,
        cast(is_skipped as boolean) as is_skipped,
        cast(days_in_stage as integer) as days_in_stage

    from durations_calculated

)

select * from opportunity_stage_durations
