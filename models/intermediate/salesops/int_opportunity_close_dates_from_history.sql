{#-
    The closed date each opportunity's stage history gives: the day (company time zone) the
    history entered a closed stage from an open one or from nothing, and when it did so more
    than once (reopened, closed again) the last such day. A move between two closed stages
    (won to lost) is not a new closing. Opportunities without a closed version get NULL; the
    CRM close-date field is only their fall-back (int_opportunities).
-#}

with

stage_history as (

    select
        opportunity_stage_history_id,
        opportunity_id,
        valid_from_at,
        valid_from_date,
        is_closed

    from {{ ref('stg_crm__opportunity_stage_history') }}

),

versions_with_previous as (

    select
        opportunity_id,
        valid_from_date,
        is_closed,
        lag(is_closed) over (
            partition by opportunity_id
            order by valid_from_at, opportunity_stage_history_id
        ) as previous_is_closed

    from stage_history

),

closings_flagged as (

    select
        opportunity_id,
        valid_from_date,
        coalesce(is_closed and not coalesce(previous_is_closed, false), false) as is_closing

    from versions_with_previous

),

close_dates_found as (

    select
        opportunity_id,
        count(*) as version_count,
        sum(case when is_closing then 1 else 0 end) as closing_count,
        max(case when is_closing then valid_from_date end) as history_close_date

    from closings_flagged

    group by 1

),

close_dates_from_history as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(version_count as integer) as version_count,
        cast(closing_count as integer) as closing_count,
        cast(history_close_date as date) as history_close_date

    from close_dates_found

)

select * from close_dates_from_history
