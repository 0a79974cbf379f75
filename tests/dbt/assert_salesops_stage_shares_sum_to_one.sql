{#-
    The snapshot stage distribution (M11) is a partition of the open pipeline: for
    every month-end and slice, the stage shares sum to 1, and the total slice counts
    every open opportunity of int_open_opportunities_at_month_end.
-#}

with

shares as (

    select
        month_start,
        dimension,
        dimension_value,
        sum(share_of_open) as total_share,
        sum(open_count) as open_count

    from {{ ref('fct_pipeline_stage_snapshot_monthly') }}

    group by 1, 2, 3

),

open_opportunities as (

    select
        month_start,
        count(*) as open_count

    from {{ ref('int_open_opportunities_at_month_end') }}

    group by 1

)

select
    shares.month_start,
    shares.dimension,
    shares.dimension_value,
    shares.total_share,
    shares.open_count,
    open_opportunities.open_count as open_count_in_snapshot

from shares

left join open_opportunities
    on shares.month_start = open_opportunities.month_start

where
    abs(shares.total_share - 1) > 0.000001
    or (shares.dimension = 'total' and shares.open_count != open_opportunities.open_count)
