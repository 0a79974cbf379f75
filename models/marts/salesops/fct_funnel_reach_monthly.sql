{#-
    Funnel reach by lead-created cohort (M11 reading 2): of the leads created in the
    month, how many reached each stage or beyond ("≥ stage": a lead that skipped MQL
    still reached MQL), the reach rate and the stage-to-stage rate. The literal
    variant counts only leads with a timestamp for the stage itself.
-#}

with

leads as (

    select
        lead_id,
        created_month,
        channel,
        mql_date,
        sql_date,
        opportunity_id,
        is_customer,
        max_stage_order

    from {{ ref('int_lead_funnel') }}

),

months as (

    {{ report_month_starts() }}

),

funnel_stages as (

    select
        1 as stage_order,
        'lead' as stage_name
    union all
    select
        2 as stage_order,
        'mql' as stage_name
    union all
    select
        3 as stage_order,
        'sql' as stage_name
    union all
    select
        4 as stage_order,
        'opportunity' as stage_name
    union all
    select
        5 as stage_order,
        'customer' as stage_name

),

leads_sliced as (

    {{ slice_dimensions(
        'leads',
        ['lead_id', 'created_month', 'max_stage_order', 'mql_date', 'sql_date',
         'opportunity_id', 'is_customer'],
        [['total', "'all'"], ['channel', 'channel']]
    ) }}

),

stage_reach_counted as (

    select
        leads_sliced.created_month as month_start,
        leads_sliced.dimension,
        leads_sliced.dimension_value,
        funnel_stages.stage_order,
        funnel_stages.stage_name,
        count(case when leads_sliced.max_stage_order >= funnel_stages.stage_order then 1 end)
            as reach_count,
        count(
            case
                when funnel_stages.stage_order = 1 then 1
                when funnel_stages.stage_order = 2 and leads_sliced.mql_date is not null then 1
                when funnel_stages.stage_order = 3 and leads_sliced.sql_date is not null then 1
                when funnel_stages.stage_order = 4 and leads_sliced.opportunity_id is not null
                    then 1
                when funnel_stages.stage_order = 5 and leads_sliced.is_customer then 1
            end
        ) as literal_reach_count,
        count(*) as lead_count

    from leads_sliced

    inner join months
        on leads_sliced.created_month = months.month_start

    cross join funnel_stages

    group by 1, 2, 3, 4, 5

),

rates_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value', 'stage_name']) }}
            as funnel_reach_monthly_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_order as integer) as stage_order,
        cast(lead_count as integer) as lead_count,
        cast(reach_count as integer) as reach_count,
        cast(reach_count as {{ type_double() }}) / nullif(lead_count, 0) as reach_rate,
        {{ stage_to_stage_rate('reach_count', ['month_start', 'dimension', 'dimension_value']) }}
            as stage_to_stage_rate,
        cast(literal_reach_count as integer) as literal_reach_count,
        cast(literal_reach_count as {{ type_double() }}) / nullif(lead_count, 0)
            as literal_reach_rate

    from stage_reach_counted

)

select * from rates_calculated
