{#-
    First-year revenue ROI of marketing (M17, D19), one row per month and
    dimension value (total; channel_type paid / unpaid; channel):
    new_arr_attributed = 12 x new MRR of the customers acquired in the month
    through the channel (first touch; reactivations excluded, D6), spend from
    int_marketing_spend_monthly (ad platforms plus channel programme costs, in
    the reporting currency).
    marketing_roi = (new ARR - spend) / spend, marketing_roi_gm uses the month's
    gross margin, roas = new ARR / spend. Spend of 0 gives NULL.
-#}

with

calendar_months as (

    select month_start

    from {{ ref('dim_months') }}

),

customer_mrr_months as (

    select
        customer_id,
        month_start,
        acquisition_channel,
        new_mrr

    from {{ ref('fct_customer_mrr_months') }}

    where movement = 'new'

),

customers as (

    select
        customer_id,
        is_paid_channel

    from {{ ref('dim_customers') }}

),

marketing_spend as (

    select
        month_start,
        channel,
        is_paid,
        spend_amount

    from {{ ref('int_marketing_spend_monthly') }}

),

gross_margin as (

    select
        month_start,
        gross_margin_pct

    from {{ ref('stg_finance__gross_margin') }}

),

new_arr_by_channel as (

    select
        customer_mrr_months.month_start,
        customer_mrr_months.acquisition_channel as channel,
        max(case when customers.is_paid_channel then 1 else 0 end) as is_paid,
        count(*) as new_customers,
        12 * sum(customer_mrr_months.new_mrr) as new_arr_attributed

    from customer_mrr_months

    left join customers
        on customer_mrr_months.customer_id = customers.customer_id

    group by 1, 2

),

spend_by_channel as (

    select
        month_start,
        coalesce(channel, 'unknown') as channel,
        max(case when is_paid then 1 else 0 end) as is_paid,
        sum(spend_amount) as spend

    from marketing_spend

    group by 1, 2

),

channel_months as (

    select
        month_start,
        channel
    from new_arr_by_channel

    union

    select
        month_start,
        channel
    from spend_by_channel

),

channel_months_combined as (

    select
        channel_months.month_start,
        channel_months.channel,
        case
            when coalesce(spend_by_channel.is_paid, new_arr_by_channel.is_paid, 0) = 1 then 'paid'
            else 'unpaid'
        end as channel_type,
        coalesce(new_arr_by_channel.new_customers, 0) as new_customers,
        coalesce(new_arr_by_channel.new_arr_attributed, 0) as new_arr_attributed,
        coalesce(spend_by_channel.spend, 0) as spend

    from channel_months

    inner join calendar_months
        on channel_months.month_start = calendar_months.month_start

    left join new_arr_by_channel
        on
            channel_months.month_start = new_arr_by_channel.month_start
            and channel_months.channel = new_arr_by_channel.channel

    left join spend_by_channel
        on
            channel_months.month_start = spend_by_channel.month_start
            and channel_months.channel = spend_by_channel.channel

),

channel_months_by_dimension as (

    select
        month_start,
        'total' as dimension,
        'all' as dimension_value,
        new_customers,
        new_arr_attributed,
        spend

    from channel_months_combined

    union all

    select
        month_start,
        'channel_type' as dimension,
        channel_type as dimension_value,
        new_customers,
        new_arr_attributed,
        spend

    from channel_months_combined

    union all

    select
        month_start,
        'channel' as dimension,
        channel as dimension_value,
        new_customers,
        new_arr_attributed,
        spend

    from channel_months_combined

),

returns_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        sum(new_customers) as new_customers,
        sum(new_arr_attributed) as new_arr_attributed,
        sum(spend) as spend

    from channel_months_by_dimension

    group by 1, 2, 3

),

roi_calculated as (

    select
        {{ surrogate_key(['returns_aggregated.month_start', 'returns_aggregated.dimension',
            'returns_aggregated.dimension_value']) }} as marketing_roi_monthly_id,
        returns_aggregated.month_start,
        cast(returns_aggregated.dimension as {{ dbt.type_string() }}) as dimension,
        cast(returns_aggregated.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(returns_aggregated.new_customers as integer) as new_customers,
        cast(returns_aggregated.new_arr_attributed as decimal(18, 4)) as new_arr_attributed,
        cast(returns_aggregated.spend as decimal(18, 4)) as spend,
        cast(gross_margin.gross_margin_pct as double) as gross_margin_pct,
        cast(returns_aggregated.new_arr_attributed - returns_aggregated.spend as double)
        / nullif(cast(returns_aggregated.spend as double), 0) as marketing_roi,
        (
            cast(returns_aggregated.new_arr_attributed as double) * gross_margin.gross_margin_pct
            - cast(returns_aggregated.spend as double)
        )
        / nullif(cast(returns_aggregated.spend as double), 0) as marketing_roi_gm,
        cast(returns_aggregated.new_arr_attributed as double)
        / nullif(cast(returns_aggregated.spend as double), 0) as roas

    from returns_aggregated

    left join gross_margin
        on returns_aggregated.month_start = gross_margin.month_start

)

select * from roi_calculated
