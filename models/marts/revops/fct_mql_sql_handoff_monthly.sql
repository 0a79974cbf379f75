{#-
    The MQL -> SQL handoff (M10, E4), the one home of MQL and qualified-lead (SQL)
    counts, by month, total and per channel: MQLs (first `mql` event in the month),
    SQLs dated in the month (sales-sourced ones included and also counted apart),
    the cohort MQL -> SQL rate (MQLs of the month that reached SQL within var
    mql_to_sql_maturity_days, as of var as_of_date), the period flow ratio SQL / MQL,
    the median speed to lead (hours from MQL to the first sales task) and the
    lead-magnet downloads that feed scoring.
    Unknown is not zero: when no lead has a sales-qualified date up to var as_of_date
    (has_sql_data false: the source does not record SQLs), the SQL counts, the cohort
    rate and the period ratio are NULL, not 0; likewise the MQL counts when no lead has
    an MQL date up to var as_of_date (has_mql_data false).
-#}

{%- set maturity_days = var('mql_to_sql_maturity_days') | int %}

with

leads as (

    select
        lead_id,
        channel,
        mql_date,
        sql_date,
        is_sales_sourced_sql,
        speed_to_lead_hours,
        lead_magnet_download_count,
        created_month

    from {{ ref('int_lead_funnel') }}

),

months as (

    {{ report_month_starts() }}

),

source_coverage as (

    select
        count(case when mql_date <= {{ as_of_date() }} then 1 end) > 0 as has_mql_data,
        count(case when sql_date <= {{ as_of_date() }} then 1 end) > 0 as has_sql_data

    from leads

),

handoff_facts as (

    select
        lead_id,
        channel,
        {{ month_start('mql_date') }} as month_start,
        1 as mql_count,
        case
            when
                sql_date is not null
                and sql_date <= {{ as_of_date() }}
                and sql_date <= cast({{ dbt.dateadd('day', maturity_days, 'mql_date') }} as date)
                then 1
            else 0
        end as mql_converted_count,
        0 as sql_count,
        0 as sales_sourced_sql_count,
        speed_to_lead_hours,
        0 as lead_magnet_download_count

    from leads

    where mql_date is not null

    union all

    select
        lead_id,
        channel,
        {{ month_start('sql_date') }} as month_start,
        0 as mql_count,
        0 as mql_converted_count,
        1 as sql_count,
        case when is_sales_sourced_sql then 1 else 0 end as sales_sourced_sql_count,
        null as speed_to_lead_hours,
        0 as lead_magnet_download_count

    from leads

    where sql_date is not null

    union all

    select
        lead_id,
        channel,
        created_month as month_start,
        0 as mql_count,
        0 as mql_converted_count,
        0 as sql_count,
        0 as sales_sourced_sql_count,
        null as speed_to_lead_hours,
        lead_magnet_download_count

    from leads

    where lead_magnet_download_count > 0

),

handoff_facts_sliced as (

    {{ slice_dimensions(
        'handoff_facts',
        ['month_start', 'mql_count', 'mql_converted_count', 'sql_count',
         'sales_sourced_sql_count', 'speed_to_lead_hours', 'lead_magnet_download_count'],
        [['total', "'all'"], ['channel', 'channel']]
    ) }}

),

handoff_aggregated as (

    select
        handoff_facts_sliced.month_start,
        handoff_facts_sliced.dimension,
        handoff_facts_sliced.dimension_value,
        sum(handoff_facts_sliced.mql_count) as mql_count,
        sum(handoff_facts_sliced.mql_converted_count) as mql_converted_count,
        sum(handoff_facts_sliced.sql_count) as sql_count,
        sum(handoff_facts_sliced.sales_sourced_sql_count) as sales_sourced_sql_count,
        {{ percentile_cont_agg(0.5, "handoff_facts_sliced.speed_to_lead_hours") }}
            as median_speed_to_lead_hours,
        sum(handoff_facts_sliced.lead_magnet_download_count) as lead_magnet_download_count

    from handoff_facts_sliced

    inner join months
        on handoff_facts_sliced.month_start = months.month_start

    group by 1, 2, 3

),

handoff_covered as (

    select
        handoff_aggregated.*,
        source_coverage.has_mql_data,
        source_coverage.has_sql_data,
        source_coverage.has_mql_data and source_coverage.has_sql_data as has_handoff_data

    from handoff_aggregated

    cross join source_coverage

),

handoff_monthly as (

    select
        {{ slice_key_columns('mql_sql_handoff_monthly_id') }},
        {{ as_of_date() }} as as_of_date,
        cast(has_mql_data as boolean) as has_mql_data,
        cast(has_sql_data as boolean) as has_sql_data,
        cast(case when has_mql_data then mql_count end as integer) as mql_count,
        cast(case when has_sql_data then sql_count end as integer) as sql_count,
        cast(case when has_sql_data then sales_sourced_sql_count end as integer)
            as sales_sourced_sql_count,
        cast(case when has_handoff_data then mql_converted_count end as integer)
            as mql_to_sql_count_cohort,
        case
            when has_handoff_data
                then cast(mql_converted_count as {{ type_double() }}) / nullif(mql_count, 0)
        end as mql_to_sql_rate_cohort,
        cast(
            cast({{ dbt.dateadd('day', maturity_days, month_end('month_start')) }} as date)
            <= {{ as_of_date() }} as boolean
        ) as is_cohort_mature,
        case
            when has_handoff_data then cast(sql_count as {{ type_double() }}) / nullif(mql_count, 0)
        end as sql_over_mql_period_ratio,
        cast(median_speed_to_lead_hours as {{ type_double() }}) as median_speed_to_lead_hours,
        cast(lead_magnet_download_count as integer) as lead_magnet_download_count

    from handoff_covered

)

select * from handoff_monthly
