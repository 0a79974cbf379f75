{#-
    The MRR bridge holds everywhere (M02, G5):
    1. every month and dimension value:
       end = start + fx_impact + new + reactivation + expansion - contraction - churned;
    2. every dimension's values add up to the total row, flow by flow;
    3. each month's opening MRR is the previous month's closing MRR (total row);
    4. the MRR/ARR mart agrees with the bridge's end_mrr.
    Returns the offending rows (tolerance 0.005, G6).
-#}

with

movements as (

    select
        month_start,
        dimension,
        dimension_value,
        start_mrr,
        new_mrr,
        reactivation_mrr,
        expansion_mrr,
        contraction_mrr,
        churned_mrr,
        fx_impact,
        end_mrr

    from {{ ref('fct_mrr_movements_monthly') }}

),

mrr_arr as (

    select
        month_start,
        dimension,
        dimension_value,
        mrr

    from {{ ref('fct_mrr_arr_monthly') }}

),

unbalanced_rows as (

    select
        'bridge' as failed_check,
        month_start,
        dimension,
        dimension_value,
        end_mrr
        - (
            start_mrr + fx_impact + new_mrr + reactivation_mrr
            + expansion_mrr - contraction_mrr - churned_mrr
        ) as difference

    from movements

),

dimension_sums as (

    select
        month_start,
        dimension,
        sum(start_mrr) as start_mrr,
        sum(new_mrr) as new_mrr,
        sum(reactivation_mrr) as reactivation_mrr,
        sum(expansion_mrr) as expansion_mrr,
        sum(contraction_mrr) as contraction_mrr,
        sum(churned_mrr) as churned_mrr,
        sum(fx_impact) as fx_impact,
        sum(end_mrr) as end_mrr

    from movements

    where dimension != 'total'

    group by 1, 2

),

dimension_sums_off_total as (

    select
        'slices_sum_to_total' as failed_check,
        dimension_sums.month_start,
        dimension_sums.dimension,
        'all' as dimension_value,
        abs(dimension_sums.start_mrr - totals.start_mrr)
        + abs(dimension_sums.new_mrr - totals.new_mrr)
        + abs(dimension_sums.reactivation_mrr - totals.reactivation_mrr)
        + abs(dimension_sums.expansion_mrr - totals.expansion_mrr)
        + abs(dimension_sums.contraction_mrr - totals.contraction_mrr)
        + abs(dimension_sums.churned_mrr - totals.churned_mrr)
        + abs(dimension_sums.fx_impact - totals.fx_impact)
        + abs(dimension_sums.end_mrr - totals.end_mrr) as difference

    from dimension_sums

    inner join movements as totals
        on
            dimension_sums.month_start = totals.month_start
            and totals.dimension = 'total'

),

opening_off_previous_close as (

    select
        'opening_equals_previous_close' as failed_check,
        current_month.month_start,
        current_month.dimension,
        current_month.dimension_value,
        current_month.start_mrr - previous_month.end_mrr as difference

    from movements as current_month

    inner join movements as previous_month
        on
            current_month.dimension = previous_month.dimension
            and current_month.dimension_value = previous_month.dimension_value
            and previous_month.month_start
            = cast({{ dbt.dateadd('month', -1, 'current_month.month_start') }} as date)

    where current_month.dimension = 'total'

),

mrr_arr_off_bridge as (

    select
        'mrr_arr_equals_bridge_end' as failed_check,
        movements.month_start,
        movements.dimension,
        movements.dimension_value,
        movements.end_mrr - coalesce(mrr_arr.mrr, 0) as difference

    from movements

    left join mrr_arr
        on
            movements.month_start = mrr_arr.month_start
            and movements.dimension = mrr_arr.dimension
            and movements.dimension_value = mrr_arr.dimension_value

),

all_checks as (

    select * from unbalanced_rows
    union all
    select * from dimension_sums_off_total
    union all
    select * from opening_off_previous_close
    union all
    select * from mrr_arr_off_bridge

),

failures as (

    select * from all_checks
    where abs(difference) > 0.005

)

select * from failures
