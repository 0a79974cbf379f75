{#-
    Close rate (M12, D11): of the new-business opportunities created in the month,
    the share won, counted "as of" the var as_of_date (open ones stay in the
    denominator), by count and by value, one dimension at a time. lead_close_rate
    (HubSpot variant, total and channel rows) = new customers from the leads created
    in the month / leads created in the month. `_trailing` columns cover the cohorts
    created in the trailing var velocity_lookback_months months. is_cohort_mature: the
    month end plus var close_rate_maturity_days is on or before var as_of_date (younger
    cohorts still have open deals, so their close rate is understated).
    Unknown is not zero: an opportunity without an amount adds nothing to the amounts,
    so an amount over opportunities that all lack one is NULL (0 only when there is none),
    a partial amount is the sum of the known ones (created_missing_amount_count), and the
    value close rate follows.
-#}

{%- set lookback_months = var('velocity_lookback_months') | int %}
{%- set maturity_days = var('close_rate_maturity_days') | int %}

with

opportunities as (

    select
        opportunity_id,
        segment,
        channel,
        owner_user_id,
        team_name,
        is_won,
        close_date,
        created_month,
        amount_reporting,
        is_in_sales_metrics

    from {{ ref('fct_opportunities') }}

),

leads as (

    select
        lead_id,
        channel,
        created_month,
        is_customer

    from {{ ref('fct_lead_funnel') }}

),

months as (

    select month_start

    from {{ ref('dim_months') }}

),

created_opportunities as (

    select
        opportunity_id,
        segment,
        channel,
        owner_user_id,
        team_name,
        created_month,
        amount_reporting,
        coalesce(is_won and close_date <= {{ as_of_date() }}, false) as is_won_as_of

    from opportunities

    where is_in_sales_metrics

),

created_opportunities_sliced as (

    {{ slice_dimensions(
        'created_opportunities',
        ['opportunity_id', 'created_month', 'amount_reporting', 'is_won_as_of'],
        [
            ['total', "'all'"],
            ['segment', 'segment'],
            ['channel', 'channel'],
            ['rep', 'owner_user_id'],
            ['team', 'team_name'],
        ]
    ) }}

),

leads_sliced as (

    {{ slice_dimensions(
        'leads',
        ['lead_id', 'created_month', 'is_customer'],
        [['total', "'all'"], ['channel', 'channel']]
    ) }}

),

cohort_facts as (

    select
        months.month_start,
        created_opportunities_sliced.dimension,
        created_opportunities_sliced.dimension_value,
        created_opportunities_sliced.created_month = months.month_start as is_in_month,
        1 as created_count,
        created_opportunities_sliced.amount_reporting as created_amount,
        case when created_opportunities_sliced.is_won_as_of then 1 else 0 end as won_count,
        case
            when created_opportunities_sliced.is_won_as_of
                then created_opportunities_sliced.amount_reporting
        end as won_amount,
        0 as lead_count,
        0 as lead_customer_count

    from months

    inner join created_opportunities_sliced
        on
            months.month_start >= created_opportunities_sliced.created_month
            and cast({{ dbt.dateadd('month', 1 - lookback_months, 'months.month_start') }} as date)
            <= created_opportunities_sliced.created_month

    union all

    select
        months.month_start,
        leads_sliced.dimension,
        leads_sliced.dimension_value,
        true as is_in_month,
        0 as created_count,
        cast(null as decimal(18, 4)) as created_amount,
        0 as won_count,
        cast(null as decimal(18, 4)) as won_amount,
        1 as lead_count,
        case when leads_sliced.is_customer then 1 else 0 end as lead_customer_count

    from months

    inner join leads_sliced
        on months.month_start = leads_sliced.created_month

),

cohorts_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        sum(case when is_in_month then created_count else 0 end) as created_count,
        count(case when is_in_month then created_amount end) as created_amount_count,
        sum(case when is_in_month then created_amount end) as created_amount_known,
        sum(case when is_in_month then won_count else 0 end) as won_count,
        sum(case when is_in_month then won_amount end) as won_amount_known,
        sum(created_count) as created_count_trailing,
        sum(created_amount) as created_amount_known_trailing,
        sum(won_count) as won_count_trailing,
        sum(won_amount) as won_amount_known_trailing,
        sum(lead_count) as lead_count,
        sum(lead_customer_count) as lead_customer_count

    from cohort_facts

    group by 1, 2, 3

),

amounts_resolved as (

    select
        month_start,
        dimension,
        dimension_value,
        created_count,
        created_count - created_amount_count as created_missing_amount_count,
        won_count,
        created_count_trailing,
        won_count_trailing,
        lead_count,
        lead_customer_count,
        -- no opportunity: a known 0; opportunities that all lack an amount: NULL (unknown)
        case when created_count = 0 then 0 else created_amount_known end as created_amount,
        case when won_count = 0 then 0 else won_amount_known end as won_amount,
        case when created_count_trailing = 0 then 0 else created_amount_known_trailing end
            as created_amount_trailing,
        case when won_count_trailing = 0 then 0 else won_amount_known_trailing end
            as won_amount_trailing

    from cohorts_aggregated

),

close_rates_calculated as (

    select
        {{ surrogate_key(['month_start', 'dimension', 'dimension_value']) }}
            as close_rates_monthly_id,
        cast(month_start as date) as month_start,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        {{ as_of_date() }} as as_of_date,
        -- the cohort has had var close_rate_maturity_days after its month end to close
        cast(
            cast({{ dbt.dateadd('day', maturity_days, month_end('month_start')) }} as date)
            <= {{ as_of_date() }} as boolean
        ) as is_cohort_mature,
        cast(created_count as integer) as created_count,
        cast(created_amount as decimal(18, 4)) as created_amount,
        cast(created_missing_amount_count as integer) as created_missing_amount_count,
        cast(won_count as integer) as won_count,
        cast(won_amount as decimal(18, 4)) as won_amount,
        cast(won_count as double) / nullif(created_count, 0) as close_rate,
        cast(won_amount as double) / nullif(created_amount, 0) as close_rate_value,
        cast(created_count_trailing as integer) as created_count_trailing,
        cast(won_count_trailing as integer) as won_count_trailing,
        cast(won_count_trailing as double) / nullif(created_count_trailing, 0)
            as close_rate_trailing,
        cast(won_amount_trailing as double) / nullif(created_amount_trailing, 0)
            as close_rate_value_trailing,
        cast(case when dimension in ('total', 'channel') then lead_count end as integer)
            as lead_count,
        cast(
            case when dimension in ('total', 'channel') then lead_customer_count end as integer
        ) as lead_customer_count,
        case
            when dimension in ('total', 'channel')
                then cast(lead_customer_count as double) / nullif(lead_count, 0)
        end as lead_close_rate

    from amounts_resolved

)

select * from close_rates_calculated
