{#-
    Every won new-business opportunity closed inside the report calendar is counted
    exactly once across the total rows of fct_win_rates_monthly (won count and won
    amount), and every lost one likewise: no double counting, no silent drop.
-#}

with

months as (

    select
        min(month_start) as first_month,
        max(month_start) as last_month

    from {{ ref('dim_months') }}

),

opportunities as (

    select
        count(case when fct_opportunities.is_won then 1 end) as won_count,
        count(case when not fct_opportunities.is_won then 1 end) as lost_count,
        coalesce(
            sum(case when fct_opportunities.is_won then fct_opportunities.amount_reporting end), 0
        ) as won_amount

    from {{ ref('fct_opportunities') }} as fct_opportunities

    cross join months

    where
        fct_opportunities.is_in_sales_metrics
        and fct_opportunities.is_closed
        and fct_opportunities.close_month between months.first_month and months.last_month

),

win_rates as (

    select
        coalesce(sum(won_count), 0) as won_count,
        coalesce(sum(lost_count), 0) as lost_count,
        coalesce(sum(won_amount), 0) as won_amount

    from {{ ref('fct_win_rates_monthly') }}

    where dimension = 'total'

)

select
    opportunities.won_count as won_in_opportunities,
    win_rates.won_count as won_in_win_rates,
    opportunities.lost_count as lost_in_opportunities,
    win_rates.lost_count as lost_in_win_rates,
    opportunities.won_amount as won_amount_in_opportunities,
    win_rates.won_amount as won_amount_in_win_rates

from opportunities

cross join win_rates

where
    opportunities.won_count != win_rates.won_count
    or opportunities.lost_count != win_rates.lost_count
    or abs(opportunities.won_amount - win_rates.won_amount) > 0.005
