{#-
    Campaign performance per month (issue 11 part 4), total and per campaign, the campaign of
    each lead from int_lead_campaign_attribution (one home of the precedence; leads without a
    campaign are the 'unattributed' campaign row and count in the total, never dropped):
    - spend_amount: ad-platform spend of the ad campaigns linked to the campaign
      (int_campaign_spend_monthly, reporting currency, month's FX).
      A campaign without spend rows in the month has NULL spend (S19: unknown, not 0), so its
      cost ratios are NULL; the total adds every ad campaign's spend (0 when none).
    - lead_count by the lead's created month; mql_count and sql_count by the month of the
      lead's MQL / SQL date (int_lead_funnel); won_deal_count and won_amount by the close month
      of the won new-business opportunities (int_opportunities, is_in_sales_metrics) the
      campaign's leads converted into; won_amount is the annualised amount in the reporting
      currency (S18: 0 without won deals, NULL when every won deal lacks an amount).
    - cpl, cost_per_mql, cost_per_sql, cac = spend / leads, MQLs, SQLs, won deals;
      roas = won_amount / spend (NULL without spend or without a known revenue amount).
-#}

with

lead_attribution as (

    select
        lead_id,
        created_month,
        campaign_key,
        campaign_name

    from {{ ref('int_lead_campaign_attribution') }}

),

lead_funnel as (

    select
        lead_id,
        mql_date,
        sql_date

    from {{ ref('int_lead_funnel') }}

),

won_opportunities as (

    select
        lead_id,
        close_date,
        amount_reporting

    from {{ ref('int_opportunities') }}

    where is_in_sales_metrics and status = 'won' and lead_id is not null

),

campaign_spend as (

    select
        month_start,
        campaign_key,
        campaign_name,
        spend_amount

    from {{ ref('int_campaign_spend_monthly') }}

),

months as (

    {{ report_month_starts() }}

),

leads_with_dates as (

    select
        lead_attribution.lead_id,
        lead_attribution.created_month,
        lead_attribution.campaign_key,
        lead_attribution.campaign_name,
        lead_funnel.mql_date,
        lead_funnel.sql_date

    from lead_attribution

    left join lead_funnel
        on lead_attribution.lead_id = lead_funnel.lead_id

),

lead_stage_facts as (

    -- one fact per lead created, per MQL and per SQL, in the month of its date
    {{ lead_stage_fact_rows('leads_with_dates', ['campaign_key', 'campaign_name']) }}

),

campaign_facts as (

    -- spend, one row per month and campaign
    select
        month_start,
        campaign_key,
        campaign_name,
        spend_amount,
        0 as lead_count,
        0 as mql_count,
        0 as sql_count,
        0 as won_deal_count,
        cast(null as decimal(18, 4)) as won_amount

    from campaign_spend

    union all

    -- leads created, MQLs and SQLs, each in its own month
    select
        month_start,
        campaign_key,
        campaign_name,
        cast(null as decimal(18, 4)) as spend_amount,
        lead_count,
        mql_count,
        sql_count,
        0 as won_deal_count,
        cast(null as decimal(18, 4)) as won_amount

    from lead_stage_facts

    union all

    -- one fact per won deal, in its close month, under its lead's campaign
    select
        {{ month_start('won_opportunities.close_date') }} as month_start,
        lead_attribution.campaign_key,
        lead_attribution.campaign_name,
        cast(null as decimal(18, 4)) as spend_amount,
        0 as lead_count,
        0 as mql_count,
        0 as sql_count,
        1 as won_deal_count,
        won_opportunities.amount_reporting as won_amount

    from won_opportunities

    inner join lead_attribution
        on won_opportunities.lead_id = lead_attribution.lead_id

),

campaign_facts_sliced as (

    {{ slice_dimensions(
        'campaign_facts',
        ['month_start', 'campaign_name', 'spend_amount', 'lead_count', 'mql_count', 'sql_count',
         'won_deal_count', 'won_amount'],
        [['total', "'all'"], ['campaign', 'campaign_key']]
    ) }}

),

campaigns_aggregated as (

    select
        campaign_facts_sliced.month_start,
        campaign_facts_sliced.dimension,
        campaign_facts_sliced.dimension_value,
        case
            when campaign_facts_sliced.dimension = 'total' then 'all'
            else max(campaign_facts_sliced.campaign_name)
        end as campaign_name,
        -- a campaign without spend rows in the month has unknown spend (NULL, S19); the total
        -- adds the ad campaigns that have rows (0 when none has)
        case
            when campaign_facts_sliced.dimension = 'total'
                then coalesce(sum(campaign_facts_sliced.spend_amount), 0)
            else sum(campaign_facts_sliced.spend_amount)
        end as spend_amount,
        sum(campaign_facts_sliced.lead_count) as lead_count,
        sum(campaign_facts_sliced.mql_count) as mql_count,
        sum(campaign_facts_sliced.sql_count) as sql_count,
        sum(campaign_facts_sliced.won_deal_count) as won_deal_count,
        -- S18: 0 over no won deals, NULL when every won deal lacks an amount
        case
            when sum(campaign_facts_sliced.won_deal_count) = 0 then 0
            else sum(campaign_facts_sliced.won_amount)
        end as won_amount

    from campaign_facts_sliced

    inner join months
        on campaign_facts_sliced.month_start = months.month_start

    group by 1, 2, 3

),

campaign_performance as (

    select
        {{ slice_key_columns('campaign_performance_monthly_id') }},
        cast(campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(spend_amount as decimal(18, 4)) as spend_amount,
        cast(lead_count as integer) as lead_count,
        cast(mql_count as integer) as mql_count,
        cast(sql_count as integer) as sql_count,
        cast(won_deal_count as integer) as won_deal_count,
        cast(won_amount as decimal(18, 4)) as won_amount,
        cast(spend_amount / nullif(lead_count, 0) as decimal(18, 4)) as cpl,
        cast(spend_amount / nullif(mql_count, 0) as decimal(18, 4)) as cost_per_mql,
        cast(spend_amount / nullif(sql_count, 0) as decimal(18, 4)) as cost_per_sql,
        cast(spend_amount / nullif(won_deal_count, 0) as decimal(18, 4)) as cac,
        cast(won_amount as {{ type_double() }})
        / nullif(cast(spend_amount as {{ type_double() }}), 0) as roas

    from campaigns_aggregated

)

select * from campaign_performance
