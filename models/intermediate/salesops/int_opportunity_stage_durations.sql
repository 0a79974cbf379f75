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
    Incremental (DECISIONLOG r4-incr-1), key-scoped: a run recomputes every row of each
    opportunity whose history fingerprint (version count, last valid-from, stage-order sum),
    segment or created month differs from the stored one, or whose last version is newer
    than the newest stored one minus var incremental_lookback_days; delete+insert on
    opportunity_id replaces all its stage rows. A post-hook deletes the rows of an
    opportunity that left the sales metrics. Spark: a table.
-#}

{{ config(
    materialized='table' if target.type == 'spark' else 'incremental',
    unique_key='opportunity_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=[] if target.type == 'spark' else [
        "delete from {{ this }} as stored where not exists (select 1 from "
        ~ "{{ ref('int_opportunities') }} as current_opportunities where "
        ~ "current_opportunities.opportunity_id = stored.opportunity_id "
        ~ "and current_opportunities.is_in_sales_metrics)"
    ]
) }}

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

history_fingerprints as (

    -- what the stored rows were computed from, per opportunity (change detection)
    select
        opportunities.opportunity_id,
        opportunities.segment,
        opportunities.created_month,
        count(*) as history_version_count,
        max(stage_history.valid_from_at) as history_last_valid_from_at,
        sum(stage_history.stage_order) as history_stage_order_sum

    from stage_history

    inner join opportunities
        on stage_history.opportunity_id = opportunities.opportunity_id

    group by 1, 2, 3

),
{%- if is_incremental() %}

stored_fingerprints as (

    select distinct
        opportunity_id,
        segment,
        created_month,
        history_version_count,
        history_last_valid_from_at,
        history_stage_order_sum

    from {{ this }}

),

lookback_start as (

    select
        {{ dbt.dateadd('day', -var('incremental_lookback_days'), 'max(history_last_valid_from_at)') }}
            as lookback_start_at

    from {{ this }}

),

opportunities_to_load as (

    select history_fingerprints.opportunity_id

    from history_fingerprints

    left join stored_fingerprints
        on history_fingerprints.opportunity_id = stored_fingerprints.opportunity_id

    cross join lookback_start

    where
        stored_fingerprints.opportunity_id is null
        or history_fingerprints.segment <> stored_fingerprints.segment
        or history_fingerprints.created_month <> stored_fingerprints.created_month
        or history_fingerprints.history_version_count
        <> stored_fingerprints.history_version_count
        or history_fingerprints.history_last_valid_from_at
        <> stored_fingerprints.history_last_valid_from_at
        or coalesce(history_fingerprints.history_stage_order_sum, -1)
        <> coalesce(stored_fingerprints.history_stage_order_sum, -1)
        or history_fingerprints.history_last_valid_from_at >= lookback_start.lookback_start_at

),
{%- else %}

    opportunities_to_load as (

        select opportunity_id from history_fingerprints

    ),
{%- endif %}

versions as (

    select
        stage_history.opportunity_id,
        stage_history.valid_from_at,
        stage_history.valid_from_date,
        stage_history.stage_order,
        coalesce(stage_history.is_closed and not stage_history.is_won, false) as is_lost

    from stage_history

    inner join opportunities_to_load
        on stage_history.opportunity_id = opportunities_to_load.opportunity_id

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
        history_fingerprints.segment,
        history_fingerprints.created_month,
        history_fingerprints.history_version_count,
        history_fingerprints.history_last_valid_from_at,
        history_fingerprints.history_stage_order_sum,
        stages_entered.stage_name,
        stages_entered.stage_order,
        stages_entered.entered_date,
        stages_exited.exited_date,
        stages_entered.was_in_stage = 0 as is_skipped,
        {{ dbt.datediff('stages_entered.entered_date', 'stages_exited.exited_date', 'day') }}
            as days_in_stage

    from stages_entered

    inner join history_fingerprints
        on stages_entered.opportunity_id = history_fingerprints.opportunity_id

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
        cast(days_in_stage as integer) as days_in_stage,
        cast(history_version_count as integer) as history_version_count,
        cast(history_last_valid_from_at as {{ dbt.type_timestamp() }})
            as history_last_valid_from_at,
        cast(history_stage_order_sum as integer) as history_stage_order_sum

    from durations_calculated

)

select * from opportunity_stage_durations
