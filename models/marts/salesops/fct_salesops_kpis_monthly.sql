{#-
    Every SalesOps metric in one wide row per month and segment ('all' = the whole
    company), for BI without joins. Opportunity metrics come from the segment slice of
    each metric mart (ratios computed inside the slice, never re-aggregated). New logos
    and new MRR come per segment from the MRR engine (fct_customer_mrr_months, movement
    'new'). Lead, spend, CAC, handoff and funnel-reach metrics exist only for the company
    ('all') row and stay NULL on segment rows: leads carry no segment, and CAC per segment
    would need a cost-allocation key (M08: no silent allocation). Segments come from
    lookups/segment_mapping. is_close_rate_cohort_mature (fct_close_rates_monthly) and
    is_mql_cohort_mature (fct_mql_sql_handoff_monthly) are month flags on every row: an
    immature month's close rate and MQL -> SQL rate are still rising.
-#}

with

months as (

    {{ report_month_starts() }}

),

customer_mrr_months as (

    {{ select_slice_rows(
        ref('fct_customer_mrr_months'),
        ['month_start', 'segment', 'movement', 'new_mrr']
    ) }}

),

segment_lookup as (

    select segment

    from {{ ref('segment_mapping') }}

),

win_rates as (

    {{ select_slice_rows(
        ref('fct_win_rates_monthly'),
        ['month_start', 'dimension_value', 'won_count', 'lost_count', 'won_amount', 'win_rate',
         'win_rate_value', 'win_rate_excl_no_decision', 'win_loss_ratio', 'avg_won_deal_size'],
        ['total', 'segment']
    ) }}

),

close_rates as (

    {{ select_slice_rows(
        ref('fct_close_rates_monthly'),
        ['month_start', 'dimension_value', 'is_cohort_mature', 'created_count', 'close_rate',
         'close_rate_value', 'lead_close_rate'],
        ['total', 'segment']
    ) }}

),

sales_cycle as (

    {{ select_slice_rows(
        ref('fct_sales_cycle_monthly'),
        ['month_start', 'dimension_value', 'avg_sales_cycle_days', 'median_sales_cycle_days',
         'avg_cycle_days_all_closed', 'avg_time_to_close_days', 'median_time_to_close_days',
         'avg_time_to_close_days_with_fallback'],
        ['total', 'segment']
    ) }}

),

velocity as (

    {{ select_slice_rows(
        ref('fct_pipeline_velocity_monthly'),
        ['month_start', 'dimension_value', 'open_count', 'open_amount', 'weighted_open_amount',
         'pipeline_velocity_per_day', 'pipeline_velocity_per_30_days'],
        ['total', 'segment']
    ) }}

),

cac as (

    {{ select_slice_rows(
        ref('fct_cac_monthly'),
        ['month_start', 'new_logos', 'new_mrr', 'sales_marketing_cost', 'blended_cac',
         'paid_cac', 'marketing_only_cac', 'new_customer_cac_ratio', 'cac_payback_months'],
        ['total']
    ) }}

),

cost_per_lead as (

    {{ select_slice_rows(
        ref('fct_cost_per_lead_monthly'),
        ['month_start', 'spend_amount', 'lead_count', 'cpl', 'paid_cpl', 'cost_per_mql',
         'cost_per_sql'],
        ['total']
    ) }}

),

handoff as (

    {{ select_slice_rows(
        ref('fct_mql_sql_handoff_monthly'),
        ['month_start', 'is_cohort_mature', 'mql_count', 'sql_count',
         'sales_sourced_sql_count', 'mql_to_sql_rate_cohort', 'sql_over_mql_period_ratio',
         'median_speed_to_lead_hours'],
        ['total']
    ) }}

),

funnel_reach as (

    {{ select_slice_rows(
        ref('fct_funnel_reach_monthly'),
        ['month_start', 'stage_name', 'reach_rate'],
        ['total']
    ) }}

),

funnel_reach_pivoted as (

    select
        month_start,
        max(case when stage_name = 'mql' then reach_rate end) as mql_reach_rate,
        max(case when stage_name = 'sql' then reach_rate end) as sql_reach_rate,
        max(case when stage_name = 'opportunity' then reach_rate end)
            as opportunity_reach_rate,
        max(case when stage_name = 'customer' then reach_rate end) as customer_reach_rate

    from funnel_reach

    group by 1

),

cohort_maturity as (

    -- month-level flags from the total rows, carried to every segment row of the month
    select
        months.month_start,
        close_rates.is_cohort_mature as is_close_rate_cohort_mature,
        handoff.is_cohort_mature as is_mql_cohort_mature

    from months

    left join close_rates
        on
            months.month_start = close_rates.month_start
            and close_rates.dimension_value = 'all'

    left join handoff
        on months.month_start = handoff.month_start

),

segment_new_logos as (

    select
        month_start,
        coalesce(segment, 'unknown') as segment,
        count(*) as new_logos,
        sum(new_mrr) as new_mrr

    from customer_mrr_months

    where movement = 'new'

    group by 1, 2

),

segments as (

    select 'all' as segment

    union

    select segment

    from segment_lookup

),

month_segments as (

    select
        months.month_start,
        segments.segment

    from months

    cross join segments

),

kpis_joined as (

    select
        {{ surrogate_key(['month_segments.month_start', 'month_segments.segment']) }}
            as salesops_kpis_monthly_id,
        cast(month_segments.month_start as date) as month_start,
        cast(month_segments.segment as {{ dbt.type_string() }}) as segment,
        cast(coalesce(win_rates.won_count, 0) as integer) as won_count,
        cast(coalesce(win_rates.lost_count, 0) as integer) as lost_count,
        -- no win-rate row: nothing closed (0); a row's NULL amount stays unknown
        cast(
            {{ zero_when_no_row('win_rates.month_start', 'win_rates.won_amount') }}
            as decimal(18, 4)
        ) as won_amount,
        cast(win_rates.win_rate as {{ type_double() }}) as win_rate,
        cast(win_rates.win_rate_value as {{ type_double() }}) as win_rate_value,
        cast(win_rates.win_rate_excl_no_decision as {{ type_double() }})
            as win_rate_excl_no_decision,
        cast(win_rates.win_loss_ratio as {{ type_double() }}) as win_loss_ratio,
        cast(win_rates.avg_won_deal_size as decimal(18, 4)) as avg_won_deal_size,
        cast(coalesce(close_rates.created_count, 0) as integer) as opportunities_created,
        cast(close_rates.close_rate as {{ type_double() }}) as close_rate,
        cast(close_rates.close_rate_value as {{ type_double() }}) as close_rate_value,
        cast(close_rates.lead_close_rate as {{ type_double() }}) as lead_close_rate,
        cast(cohort_maturity.is_close_rate_cohort_mature as boolean)
            as is_close_rate_cohort_mature,
        cast(sales_cycle.avg_sales_cycle_days as {{ type_double() }}) as avg_sales_cycle_days,
        cast(sales_cycle.median_sales_cycle_days as {{ type_double() }}) as median_sales_cycle_days,
        cast(sales_cycle.avg_cycle_days_all_closed as {{ type_double() }})
            as avg_cycle_days_all_closed,
        cast(sales_cycle.avg_time_to_close_days as {{ type_double() }}) as avg_time_to_close_days,
        cast(sales_cycle.median_time_to_close_days as {{ type_double() }})
            as median_time_to_close_days,
        cast(sales_cycle.avg_time_to_close_days_with_fallback as {{ type_double() }})
            as avg_time_to_close_days_with_fallback,
        cast(coalesce(velocity.open_count, 0) as integer) as open_pipeline_count,
        -- no velocity row: no open deal (0); a row with a NULL amount stays unknown
        cast(
            {{ zero_when_no_row('velocity.month_start', 'velocity.open_amount') }}
            as decimal(18, 4)
        ) as open_pipeline_amount,
        cast(
            {{ zero_when_no_row('velocity.month_start', 'velocity.weighted_open_amount') }}
            as decimal(18, 4)
        ) as weighted_open_pipeline_amount,
        cast(velocity.pipeline_velocity_per_day as {{ type_double() }})
            as pipeline_velocity_per_day,
        cast(velocity.pipeline_velocity_per_30_days as {{ type_double() }})
            as pipeline_velocity_per_30_days,
        -- company row from the CAC mart, segment rows from the MRR engine (0 without new logos)
        cast(
            case
                when month_segments.segment = 'all' then cac.new_logos
                else coalesce(segment_new_logos.new_logos, 0)
            end as integer
        ) as new_logos,
        cast(
            case
                when month_segments.segment = 'all' then cac.new_mrr
                else coalesce(segment_new_logos.new_mrr, 0)
            end as decimal(18, 4)
        ) as new_mrr,
        cast(cac.sales_marketing_cost as decimal(18, 4)) as sales_marketing_cost,
        cast(cac.blended_cac as decimal(18, 4)) as blended_cac,
        cast(cac.paid_cac as decimal(18, 4)) as paid_cac,
        cast(cac.marketing_only_cac as decimal(18, 4)) as marketing_only_cac,
        cast(cac.new_customer_cac_ratio as {{ type_double() }}) as new_customer_cac_ratio,
        cast(cac.cac_payback_months as {{ type_double() }}) as cac_payback_months,
        cast(cost_per_lead.spend_amount as decimal(18, 4)) as marketing_program_spend,
        cast(cost_per_lead.lead_count as integer) as lead_count,
        cast(cost_per_lead.cpl as decimal(18, 4)) as cpl,
        cast(cost_per_lead.paid_cpl as decimal(18, 4)) as paid_cpl,
        cast(cost_per_lead.cost_per_mql as decimal(18, 4)) as cost_per_mql,
        cast(cost_per_lead.cost_per_sql as decimal(18, 4)) as cost_per_sql,
        cast(handoff.mql_count as integer) as mql_count,
        cast(handoff.sql_count as integer) as sql_count,
        cast(handoff.sales_sourced_sql_count as integer) as sales_sourced_sql_count,
        cast(handoff.mql_to_sql_rate_cohort as {{ type_double() }}) as mql_to_sql_rate_cohort,
        cast(cohort_maturity.is_mql_cohort_mature as boolean) as is_mql_cohort_mature,
        cast(handoff.sql_over_mql_period_ratio as {{ type_double() }}) as sql_over_mql_period_ratio,
        cast(handoff.median_speed_to_lead_hours as {{ type_double() }})
            as median_speed_to_lead_hours,
        cast(funnel_reach_pivoted.mql_reach_rate as {{ type_double() }}) as mql_reach_rate,
        cast(funnel_reach_pivoted.sql_reach_rate as {{ type_double() }}) as sql_reach_rate,
        cast(funnel_reach_pivoted.opportunity_reach_rate as {{ type_double() }})
            as opportunity_reach_rate,
        cast(funnel_reach_pivoted.customer_reach_rate as {{ type_double() }}) as customer_reach_rate

    from month_segments

    left join win_rates
        on
            month_segments.month_start = win_rates.month_start
            and month_segments.segment = win_rates.dimension_value

    left join close_rates
        on
            month_segments.month_start = close_rates.month_start
            and month_segments.segment = close_rates.dimension_value

    left join sales_cycle
        on
            month_segments.month_start = sales_cycle.month_start
            and month_segments.segment = sales_cycle.dimension_value

    left join velocity
        on
            month_segments.month_start = velocity.month_start
            and month_segments.segment = velocity.dimension_value

    left join cac
        on
            month_segments.month_start = cac.month_start
            and month_segments.segment = 'all'

    left join cohort_maturity
        on month_segments.month_start = cohort_maturity.month_start

    left join segment_new_logos
        on {{ slice_keys_match('month_segments', 'segment_new_logos', ['month_start', 'segment']) }}

    left join cost_per_lead
        on
            month_segments.month_start = cost_per_lead.month_start
            and month_segments.segment = 'all'

    left join handoff
        on
            month_segments.month_start = handoff.month_start
            and month_segments.segment = 'all'

    left join funnel_reach_pivoted
        on
            month_segments.month_start = funnel_reach_pivoted.month_start
            and month_segments.segment = 'all'

)

select * from kpis_joined
