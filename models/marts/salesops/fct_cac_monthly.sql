{#-
    Customer acquisition cost (M08, D15) by month: total row and one row per
    acquisition channel. New logos are customers whose MRR movement is `new` in the
    month (reactivations excluded, D6). Default blended_cac is fully loaded: all
    marketing cost (channel program spend plus finance marketing payroll, tools and
    unattributed programs) plus all sales cost, over new logos. Channel rows carry
    channel_cac (paid channels only); no cost is allocated to channels silently.
    A new logo is paid when its acquisition channel is paid (dim_channels, from
    lookups/channel_mapping), whether or not that channel has spend rows (M08).
    Unknown is not zero: a cost source with no row at all up to var as_of_date
    (has_spend_data: int_marketing_spend_monthly; has_finance_cost_data:
    int_sales_marketing_costs_converted) leaves its cost columns NULL; a month without
    rows in a source that has data elsewhere costs 0. Cost totals add the sources that
    exist and are NULL only when neither does, so every CAC is then NULL. A channel row
    without a spend row for that channel and month has NULL marketing_spend and
    channel_cac (S19); spend recorded as 0 stays 0.
-#}

with

customer_months as (

    select
        customer_id,
        month_start,
        acquisition_channel,
        movement,
        new_mrr

    from {{ ref('int_customer_mrr_months') }}

    where is_reporting_month

),

marketing_spend as (

    select
        month_start,
        channel,
        is_paid,
        spend_amount

    from {{ ref('int_marketing_spend_monthly') }}

),

finance_costs as (

    -- channel programs are already in int_marketing_spend_monthly
    select
        month_start,
        department,
        is_channel_program,
        amount_reporting

    from {{ ref('int_sales_marketing_costs_converted') }}

),

gross_margin as (

    select
        month_start,
        gross_margin_pct

    from {{ ref('stg_finance__gross_margin') }}

),

months as (

    {{ report_month_starts() }}

),

channel_paid_flags as (

    -- the paid rule has one home: dim_channels (paid when any mapping row of it is)
    select
        channel,
        is_paid

    from {{ ref('dim_channels') }}

),

cost_source_rows as (

    select 'spend' as source_name

    from marketing_spend

    where month_start <= {{ as_of_date() }}

    union all

    select 'finance' as source_name

    from finance_costs

    where month_start <= {{ as_of_date() }}

    union all

    -- one row even when no source has any: the flags are then false, never missing
    select 'none' as source_name

),

cost_sources as (

    select
        max(case when source_name = 'spend' then 1 else 0 end) = 1 as has_spend_data,
        max(case when source_name = 'finance' then 1 else 0 end) = 1 as has_finance_cost_data

    from cost_source_rows

),

new_logos as (

    select
        customer_months.month_start,
        coalesce(customer_months.acquisition_channel, 'unknown') as channel,
        coalesce(channel_paid_flags.is_paid, false) as is_paid,
        count(*) as new_logo_count,
        sum(customer_months.new_mrr) as new_mrr

    from customer_months

    left join channel_paid_flags
        on customer_months.acquisition_channel = channel_paid_flags.channel

    where customer_months.movement = 'new'

    group by 1, 2, 3

),

finance_costs_monthly as (

    select
        month_start,
        sum(
            case
                when department = 'marketing' and not is_channel_program then amount_reporting
            end
        ) as marketing_overhead_cost,
        sum(case when department = 'sales' then amount_reporting end) as sales_cost

    from finance_costs

    group by 1

),

spend_monthly as (

    select
        month_start,
        sum(spend_amount) as marketing_spend,
        sum(case when is_paid then spend_amount end) as paid_marketing_spend

    from marketing_spend

    group by 1

),

new_logos_monthly as (

    select
        month_start,
        sum(new_logo_count) as new_logo_count,
        sum(case when is_paid then new_logo_count end) as paid_new_logo_count,
        sum(new_mrr) as new_mrr

    from new_logos

    group by 1

),

-- a month without rows in a source costs 0 ...
month_amounts as (

    select
        months.month_start,
        coalesce(new_logos_monthly.new_logo_count, 0) as new_logos,
        coalesce(new_logos_monthly.paid_new_logo_count, 0) as paid_new_logos,
        coalesce(new_logos_monthly.new_mrr, 0) as new_mrr,
        coalesce(spend_monthly.marketing_spend, 0) as marketing_spend,
        coalesce(spend_monthly.paid_marketing_spend, 0) as paid_marketing_spend,
        coalesce(finance_costs_monthly.marketing_overhead_cost, 0) as marketing_overhead_cost,
        coalesce(finance_costs_monthly.sales_cost, 0) as sales_cost,
        gross_margin.gross_margin_pct

    from months

    left join new_logos_monthly
        on months.month_start = new_logos_monthly.month_start

    left join spend_monthly
        on months.month_start = spend_monthly.month_start

    left join finance_costs_monthly
        on months.month_start = finance_costs_monthly.month_start

    left join gross_margin
        on months.month_start = gross_margin.month_start

),

-- ... but a cost from a source with no data at all is unknown (NULL)
total_rows as (

    select
        month_amounts.month_start,
        'total' as dimension,
        'all' as dimension_value,
        month_amounts.new_logos,
        month_amounts.paid_new_logos,
        month_amounts.new_mrr,
        cost_sources.has_spend_data,
        cost_sources.has_finance_cost_data,
        case when cost_sources.has_spend_data then month_amounts.marketing_spend end
            as marketing_spend,
        case when cost_sources.has_spend_data then month_amounts.paid_marketing_spend end
            as paid_marketing_spend,
        case
            when cost_sources.has_spend_data or cost_sources.has_finance_cost_data
                then month_amounts.marketing_spend + month_amounts.marketing_overhead_cost
        end as marketing_cost,
        case when cost_sources.has_finance_cost_data then month_amounts.sales_cost end
            as sales_cost,
        case
            when cost_sources.has_spend_data or cost_sources.has_finance_cost_data
                then
                    month_amounts.marketing_spend
                    + month_amounts.marketing_overhead_cost
                    + month_amounts.sales_cost
        end as sales_marketing_cost,
        month_amounts.gross_margin_pct

    from month_amounts

    cross join cost_sources

),

channel_keys as (

    select
        month_start,
        channel,
        is_paid

    from marketing_spend

    union

    select
        month_start,
        channel,
        is_paid

    from new_logos

),

channel_rows as (

    select
        channel_keys.month_start,
        'channel' as dimension,
        channel_keys.channel as dimension_value,
        channel_keys.is_paid,
        coalesce(new_logos.new_logo_count, 0) as new_logos,
        coalesce(new_logos.new_mrr, 0) as new_mrr,
        cost_sources.has_spend_data,
        cost_sources.has_finance_cost_data,
        -- no spend row for the channel and month: unknown, not 0 (S19)
        marketing_spend.spend_amount as marketing_spend

    from channel_keys

    inner join months
        on channel_keys.month_start = months.month_start

    cross join cost_sources

    left join new_logos
        on {{ slice_keys_match('channel_keys', 'new_logos', ['month_start', 'channel']) }}

    left join marketing_spend
        on {{ slice_keys_match('channel_keys', 'marketing_spend', ['month_start', 'channel']) }}

),

cac_rows as (

    select
        month_start,
        dimension,
        dimension_value,
        cast(null as boolean) as is_paid_channel,
        has_spend_data,
        has_finance_cost_data,
        new_logos,
        paid_new_logos,
        new_mrr,
        marketing_spend,
        paid_marketing_spend,
        marketing_cost,
        sales_cost,
        sales_marketing_cost,
        gross_margin_pct,
        sales_marketing_cost / nullif(new_logos, 0) as blended_cac,
        paid_marketing_spend / nullif(paid_new_logos, 0) as paid_cac,
        cast(null as {{ type_double() }}) as channel_cac,
        marketing_cost / nullif(new_logos, 0) as marketing_only_cac,
        cast(sales_marketing_cost as {{ type_double() }}) / nullif(12 * new_mrr, 0)
            as new_customer_cac_ratio,
        cast(sales_marketing_cost as {{ type_double() }})
        / nullif(new_mrr * gross_margin_pct, 0) as cac_payback_months

    from total_rows

    union all

    select
        month_start,
        dimension,
        dimension_value,
        is_paid as is_paid_channel,
        has_spend_data,
        has_finance_cost_data,
        new_logos,
        case when is_paid then new_logos else 0 end as paid_new_logos,
        new_mrr,
        marketing_spend,
        case when is_paid then marketing_spend when has_spend_data then 0 end
            as paid_marketing_spend,
        marketing_spend as marketing_cost,
        null as sales_cost,
        null as sales_marketing_cost,
        null as gross_margin_pct,
        null as blended_cac,
        null as paid_cac,
        case when is_paid then marketing_spend / nullif(new_logos, 0) end as channel_cac,
        null as marketing_only_cac,
        null as new_customer_cac_ratio,
        null as cac_payback_months

    from channel_rows

),

cac_monthly as (

    select
        {{ slice_key_columns('cac_monthly_id') }},
        cast(is_paid_channel as boolean) as is_paid_channel,
        cast(has_spend_data as boolean) as has_spend_data,
        cast(has_finance_cost_data as boolean) as has_finance_cost_data,
        cast(new_logos as integer) as new_logos,
        cast(paid_new_logos as integer) as paid_new_logos,
        cast(new_mrr as decimal(18, 4)) as new_mrr,
        cast(marketing_spend as decimal(18, 4)) as marketing_spend,
        cast(paid_marketing_spend as decimal(18, 4)) as paid_marketing_spend,
        cast(marketing_cost as decimal(18, 4)) as marketing_cost,
        cast(sales_cost as decimal(18, 4)) as sales_cost,
        cast(sales_marketing_cost as decimal(18, 4)) as sales_marketing_cost,
        cast(gross_margin_pct as {{ type_double() }}) as gross_margin_pct,
        cast(blended_cac as decimal(18, 4)) as blended_cac,
        cast(paid_cac as decimal(18, 4)) as paid_cac,
        cast(channel_cac as decimal(18, 4)) as channel_cac,
        cast(marketing_only_cac as decimal(18, 4)) as marketing_only_cac,
        cast(new_customer_cac_ratio as {{ type_double() }}) as new_customer_cac_ratio,
        cast(cac_payback_months as {{ type_double() }}) as cac_payback_months

    from cac_rows

)

select * from cac_monthly
