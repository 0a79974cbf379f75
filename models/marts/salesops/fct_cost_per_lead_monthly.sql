{#-
    Cost per lead (M09) by month, total and per channel: channel-attributed program
    spend (int_marketing_spend_monthly, reporting currency) over de-duplicated leads
    created in the month, and over MQLs and SQLs dated in the month. Leads without a
    channel sit in 'unknown'. Unknown is not zero (S19): a channel row without spend rows
    for that channel and month has NULL spend, so its cpl, cost_per_mql and cost_per_sql
    are NULL; spend recorded as 0 stays 0. The total row adds the channels with rows. paid_cpl (total row) = paid spend / leads from paid channels.
-#}

with

marketing_spend as (

    select
        month_start,
        channel,
        is_paid,
        spend_amount

    from {{ ref('int_marketing_spend_monthly') }}

),

leads as (

    select
        lead_id,
        channel,
        is_paid_channel,
        created_month,
        mql_date,
        sql_date

    from {{ ref('int_lead_funnel') }}

),

months as (

    {{ report_month_starts() }}

),

lead_stage_facts as (

    -- one fact per lead created, per MQL and per SQL, in the month of its date
    {{ lead_stage_fact_rows('leads', ['channel', 'is_paid_channel']) }}

),

funnel_facts as (

    select
        month_start,
        channel,
        is_paid,
        spend_amount,
        0 as lead_count,
        0 as mql_count,
        0 as sql_count

    from marketing_spend

    union all

    -- leads created, MQLs and SQLs, each in its own month
    select
        month_start,
        channel,
        is_paid_channel as is_paid,
        cast(null as {{ type_double() }}) as spend_amount,
        lead_count,
        mql_count,
        sql_count

    from lead_stage_facts

),

funnel_facts_sliced as (

    {{ slice_dimensions(
        'funnel_facts',
        ['month_start', 'is_paid', 'spend_amount', 'lead_count', 'mql_count', 'sql_count'],
        [['total', "'all'"], ['channel', 'channel']]
    ) }}

),

funnel_facts_aggregated as (

    select
        funnel_facts_sliced.month_start,
        funnel_facts_sliced.dimension,
        funnel_facts_sliced.dimension_value,
        -- a channel without spend rows in the month has unknown spend (NULL, S19); the
        -- total adds the channels that have rows (0 when none has)
        case
            when funnel_facts_sliced.dimension = 'total'
                then coalesce(sum(funnel_facts_sliced.spend_amount), 0)
            else sum(funnel_facts_sliced.spend_amount)
        end as spend_amount,
        case
            when funnel_facts_sliced.dimension = 'total'
                then coalesce(
                    sum(
                        case
                            when funnel_facts_sliced.is_paid
                                then funnel_facts_sliced.spend_amount
                        end
                    ),
                    0
                )
            -- an unpaid channel has no paid spend (0); a paid one without rows is unknown
            else sum(
                case
                    when funnel_facts_sliced.is_paid then funnel_facts_sliced.spend_amount
                    else 0
                end
            )
        end as paid_spend_amount,
        sum(funnel_facts_sliced.lead_count) as lead_count,
        sum(case when funnel_facts_sliced.is_paid then funnel_facts_sliced.lead_count else 0 end)
            as paid_lead_count,
        sum(funnel_facts_sliced.mql_count) as mql_count,
        sum(funnel_facts_sliced.sql_count) as sql_count

    from funnel_facts_sliced

    inner join months
        on funnel_facts_sliced.month_start = months.month_start

    group by 1, 2, 3

),

costs_calculated as (

    select
        {{ slice_key_columns('cost_per_lead_monthly_id') }},
        cast(spend_amount as decimal(18, 4)) as spend_amount,
        cast(paid_spend_amount as decimal(18, 4)) as paid_spend_amount,
        cast(lead_count as integer) as lead_count,
        cast(paid_lead_count as integer) as paid_lead_count,
        cast(mql_count as integer) as mql_count,
        cast(sql_count as integer) as sql_count,
        cast(spend_amount / nullif(lead_count, 0) as decimal(18, 4)) as cpl,
        cast(
            case
                when dimension = 'total' then paid_spend_amount / nullif(paid_lead_count, 0)
            end as decimal(18, 4)
        ) as paid_cpl,
        cast(spend_amount / nullif(mql_count, 0) as decimal(18, 4)) as cost_per_mql,
        cast(spend_amount / nullif(sql_count, 0) as decimal(18, 4)) as cost_per_sql

    from funnel_facts_aggregated

)

select * from costs_calculated
