{#-
    First-year revenue ROI of marketing (M17, D19), one row per month and
    dimension value (total; channel_type paid / unpaid; channel; campaign):
    new_arr_attributed = 12 x new MRR of the customers acquired in the month
    through the channel (first touch; reactivations excluded, D6), spend from
    int_marketing_spend_monthly (ad platforms plus channel programme costs, in
    the reporting currency).
    marketing_roi = (new ARR - spend) / spend, marketing_roi_gm uses the month's
    gross margin, roas = new ARR / spend. Spend of 0 gives NULL.
    The roll-up is "total paid" (M17, WE15; DECISIONLOG R22): dimension 'total',
    dimension_value 'paid' sums the paid channels only, a row every report
    month; the channel_type 'unpaid' row keeps its new ARR and spend but has
    NULL ratios (organic and unknown first touch are not bought by that spend).
    Campaign slice (DECISIONLOG R18): spend = the ad-platform spend of the ad
    campaign a CRM campaign links to (stg_crm__campaigns.ad_platform /
    ad_campaign_id; ad spend linked to no CRM campaign goes to 'unknown'); new ARR
    = 12 x new MRR of the customers acquired in the month whose earliest won
    new-business opportunity carries the campaign (dim_customers
    .acquisition_campaign_id; none -> 'unknown'). Finance programme costs have no
    campaign and stay out of this slice.
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

    from {{ ref('int_customer_mrr_months') }}

    where is_reporting_month and movement = 'new'

),

customers as (

    select
        customer_id,
        is_paid_channel,
        acquisition_campaign_id

    from {{ ref('dim_customers') }}

),

campaigns as (

    select
        campaign_id,
        ad_platform,
        ad_campaign_id

    from {{ ref('stg_crm__campaigns') }}

),

ad_spend_by_campaign as (

    select
        month_start,
        ad_platform,
        ad_campaign_id,
        spend_amount

    from {{ ref('int_ad_spend_by_campaign_monthly') }}

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

campaigns_by_ad_campaign as (

    -- one CRM campaign per ad campaign (the lowest id if several link to it)
    select
        lower(trim(ad_platform)) as ad_platform,
        cast(ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id,
        min(campaign_id) as campaign_id

    from campaigns

    where ad_platform is not null and ad_campaign_id is not null

    group by 1, 2

),

spend_by_campaign as (

    select
        ad_spend_by_campaign.month_start,
        coalesce(campaigns_by_ad_campaign.campaign_id, 'unknown') as campaign_id,
        sum(ad_spend_by_campaign.spend_amount) as spend

    from ad_spend_by_campaign

    left join campaigns_by_ad_campaign
        on
            ad_spend_by_campaign.ad_platform = campaigns_by_ad_campaign.ad_platform
            and ad_spend_by_campaign.ad_campaign_id = campaigns_by_ad_campaign.ad_campaign_id

    group by 1, 2

),

new_arr_by_campaign as (

    select
        customer_mrr_months.month_start,
        coalesce(customers.acquisition_campaign_id, 'unknown') as campaign_id,
        count(*) as new_customers,
        12 * sum(customer_mrr_months.new_mrr) as new_arr_attributed

    from customer_mrr_months

    left join customers
        on customer_mrr_months.customer_id = customers.customer_id

    group by 1, 2

),

campaign_months as (

    select
        month_start,
        campaign_id
    from new_arr_by_campaign

    union

    select
        month_start,
        campaign_id
    from spend_by_campaign

),

campaign_months_combined as (

    select
        campaign_months.month_start,
        campaign_months.campaign_id,
        coalesce(new_arr_by_campaign.new_customers, 0) as new_customers,
        coalesce(new_arr_by_campaign.new_arr_attributed, 0) as new_arr_attributed,
        coalesce(spend_by_campaign.spend, 0) as spend

    from campaign_months

    inner join calendar_months
        on campaign_months.month_start = calendar_months.month_start

    left join new_arr_by_campaign
        on
            campaign_months.month_start = new_arr_by_campaign.month_start
            and campaign_months.campaign_id = new_arr_by_campaign.campaign_id

    left join spend_by_campaign
        on
            campaign_months.month_start = spend_by_campaign.month_start
            and campaign_months.campaign_id = spend_by_campaign.campaign_id

),

channel_months_by_dimension as (

    select
        month_start,
        'total' as dimension,
        'paid' as dimension_value,
        new_customers,
        new_arr_attributed,
        spend

    from channel_months_combined

    where channel_type = 'paid'

    union all

    -- the total paid row exists every report month, 0 without paid activity
    select
        month_start,
        'total' as dimension,
        'paid' as dimension_value,
        0 as new_customers,
        0 as new_arr_attributed,
        0 as spend

    from calendar_months

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

    union all

    select
        month_start,
        'campaign' as dimension,
        campaign_id as dimension_value,
        new_customers,
        new_arr_attributed,
        spend

    from campaign_months_combined

),

returns_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        sum(new_customers) as new_customers,
        sum(new_arr_attributed) as new_arr_attributed,
        -- ROI needs spend that bought the revenue: not the unpaid roll-up (R22)
        case
            when dimension = 'channel_type' and dimension_value = 'unpaid' then null
            else sum(spend)
        end as roi_spend,
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
        cast(returns_aggregated.new_arr_attributed - returns_aggregated.roi_spend as double)
        / nullif(cast(returns_aggregated.roi_spend as double), 0) as marketing_roi,
        (
            cast(returns_aggregated.new_arr_attributed as double) * gross_margin.gross_margin_pct
            - cast(returns_aggregated.roi_spend as double)
        )
        / nullif(cast(returns_aggregated.roi_spend as double), 0) as marketing_roi_gm,
        cast(returns_aggregated.new_arr_attributed as double)
        / nullif(cast(returns_aggregated.roi_spend as double), 0) as roas

    from returns_aggregated

    left join gross_margin
        on returns_aggregated.month_start = gross_margin.month_start

)

select * from roi_calculated
