{#-
    Where the open new-business pipeline sits at each month-end (M11 reading 1, the
    snapshot stage distribution): count and amount per stage, and each stage's share
    of the open opportunities of its month and slice (total, segment).
    Unknown is not zero: open_amount is the sum of the known amounts, NULL when every
    open deal of the stage lacks one (missing_amount_count says how many are missing).
-#}

with

open_opportunities as (

    select
        month_start,
        month_end,
        opportunity_id,
        segment,
        stage_name,
        stage_order,
        amount_reporting

    from {{ ref('int_open_opportunities_at_month_end') }}

),

open_opportunities_sliced as (

    {{ slice_dimensions(
        'open_opportunities',
        ['month_start', 'month_end', 'opportunity_id', 'stage_name', 'stage_order',
         'amount_reporting'],
        [['total', "'all'"], ['segment', 'segment']]
    ) }}

),

stages_counted as (

    select
        month_start,
        month_end,
        dimension,
        dimension_value,
        stage_name,
        min(stage_order) as stage_order,
        count(*) as open_count,
        count(*) - count(amount_reporting) as missing_amount_count,
        sum(amount_reporting) as open_amount

    from open_opportunities_sliced

    group by 1, 2, 3, 4, 5

),

shares_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value', 'stage_name']) }}
            as pipeline_stage_snapshot_monthly_id,
        cast(month_start as date) as month_start,
        cast(month_end as date) as month_end,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_order as integer) as stage_order,
        cast(open_count as integer) as open_count,
        cast(open_amount as decimal(18, 4)) as open_amount,
        cast(missing_amount_count as integer) as missing_amount_count,
        cast(open_count as {{ type_double() }})
        / nullif(sum(open_count) over (partition by month_start, dimension, dimension_value), 0)
            as share_of_open,
        cast(open_amount as {{ type_double() }})
        / nullif(
            sum(open_amount) over (partition by month_start, dimension, dimension_value), 0
        ) as share_of_open_amount

    from stages_counted

)

select * from shares_calculated
