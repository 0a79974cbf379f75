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
    No revenue source (issue 12): when no billing customer in the whole MRR
    history has a known acquisition channel (no billing data, or no CRM link to
    a channel), new ARR is unknown, not 0: marketing_roi, marketing_roi_gm and
    roas are NULL in every row (spend and new ARR are still shown).
    Campaign slice (DECISIONLOG R18): spend = the ad-platform spend of the ad
    campaigns a CRM campaign links to (int_campaign_spend_monthly.campaign_id, the
    link of int_ad_campaigns; ad spend linked to no CRM campaign goes to 'unknown'); new ARR
    = 12 x new MRR of the customers acquired in the month whose earliest won
    new-business opportunity carries the campaign (dim_customers
    .acquisition_campaign_id; none -> 'unknown'). Finance programme costs have no
    campaign and stay out of this slice.
    Platform-reported figures (issue 12), beside the CRM-attributed ones: conversions and
    conversion value the ad platforms report (simple ad_spend layout; the connector layouts
    land none), platform_cpa = spend of the days that report conversions / conversions,
    platform_roas = conversion value / that spend. NULL when no platform of the row reports
    conversions; independent of the revenue source (no billing data still gives them).
-#}

with

calendar_months as (

    {{ report_month_starts() }}

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

revenue_sources as (

    -- customers whose first touch is known: without any, ROI cannot be measured
    select count(*) as attributed_customer_months

    from {{ ref('int_customer_mrr_months') }}

    where acquisition_channel != 'unknown'

),

customers as (

    select
        customer_id,
        is_paid_channel,
        acquisition_campaign_id

    from {{ ref('dim_customers') }}

),

campaign_spend as (

    select
        month_start,
        campaign_id,
        spend_amount,
        platform_conversions,
        platform_conversion_value,
        platform_conversion_spend

    from {{ ref('int_campaign_spend_monthly') }}

),

marketing_spend as (

    select
        month_start,
        channel,
        is_paid,
        spend_amount,
        platform_conversions,
        platform_conversion_value,
        platform_conversion_spend

    from {{ ref('int_marketing_spend_monthly') }}

),

gross_margin as (

    select
        month_start,
        gross_margin_pct

    from {{ ref('stg_finance__gross_margin') }}

),

new_customer_months as (

    select
        customer_mrr_months.month_start,
        customer_mrr_months.acquisition_channel as channel,
        coalesce(customers.acquisition_campaign_id, 'unknown') as campaign_id,
        case when customers.is_paid_channel then 1 else 0 end as is_paid,
        customer_mrr_months.new_mrr

    from customer_mrr_months

    left join customers
        on customer_mrr_months.customer_id = customers.customer_id

),

-- new ARR and spend keyed by channel and by campaign (key_type), combined once below
new_arr_by_key as (

    {%- for key_type, key_column in [('channel', 'channel'), ('campaign', 'campaign_id')] %}

        select
            month_start,
            '{{ key_type }}' as key_type,
            {{ key_column }} as key_value,
            max(is_paid) as is_paid,
            count(*) as new_customers,
            12 * sum(new_mrr) as new_arr_attributed

        from new_customer_months

        group by 1, 2, 3
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

spend_by_key as (

    select
        month_start,
        'channel' as key_type,
        coalesce(channel, 'unknown') as key_value,
        max(case when is_paid then 1 else 0 end) as is_paid,
        sum(spend_amount) as spend,
        sum(platform_conversions) as platform_conversions,
        sum(platform_conversion_value) as platform_conversion_value,
        sum(platform_conversion_spend) as platform_conversion_spend

    from marketing_spend

    group by 1, 2, 3

    union all

    -- campaign spend: the ad-platform spend of the linked CRM campaign, else 'unknown'
    select
        month_start,
        'campaign' as key_type,
        coalesce(campaign_id, 'unknown') as key_value,
        null as is_paid,
        sum(spend_amount) as spend,
        sum(platform_conversions) as platform_conversions,
        sum(platform_conversion_value) as platform_conversion_value,
        sum(platform_conversion_spend) as platform_conversion_spend

    from campaign_spend

    group by 1, 2, 3

),

key_months as (

    select
        month_start,
        key_type,
        key_value
    from new_arr_by_key

    union

    select
        month_start,
        key_type,
        key_value
    from spend_by_key

),

key_months_combined as (

    select
        key_months.month_start,
        key_months.key_type,
        key_months.key_value,
        -- meaningful on channel keys only
        case
            when coalesce(spend_by_key.is_paid, new_arr_by_key.is_paid, 0) = 1 then 'paid'
            else 'unpaid'
        end as channel_type,
        coalesce(new_arr_by_key.new_customers, 0) as new_customers,
        coalesce(new_arr_by_key.new_arr_attributed, 0) as new_arr_attributed,
        coalesce(spend_by_key.spend, 0) as spend,
        -- platform-reported: unknown (NULL) when no platform of the key reports conversions
        spend_by_key.platform_conversions,
        spend_by_key.platform_conversion_value,
        spend_by_key.platform_conversion_spend

    from key_months

    inner join calendar_months
        on key_months.month_start = calendar_months.month_start

    left join new_arr_by_key
        on
            {{- slice_keys_match(
                'key_months', 'new_arr_by_key', ['month_start', 'key_type', 'key_value'],
            ) }}

    left join spend_by_key
        on
            {{- slice_keys_match(
                'key_months', 'spend_by_key', ['month_start', 'key_type', 'key_value'],
            ) }}

),

channel_months_by_dimension as (

    select
        month_start,
        'total' as dimension,
        'paid' as dimension_value,
        'paid' as channel_type,
        new_customers,
        new_arr_attributed,
        spend,
        platform_conversions,
        platform_conversion_value,
        platform_conversion_spend

    from key_months_combined

    where key_type = 'channel' and channel_type = 'paid'

    union all

    -- the total paid row exists every report month, 0 without paid activity
    select
        month_start,
        'total' as dimension,
        'paid' as dimension_value,
        'paid' as channel_type,
        0 as new_customers,
        0 as new_arr_attributed,
        0 as spend,
        null as platform_conversions,
        null as platform_conversion_value,
        null as platform_conversion_spend

    from calendar_months

    union all

    select
        month_start,
        'channel_type' as dimension,
        channel_type as dimension_value,
        channel_type,
        new_customers,
        new_arr_attributed,
        spend,
        platform_conversions,
        platform_conversion_value,
        platform_conversion_spend

    from key_months_combined

    where key_type = 'channel'

    union all

    -- the channel and campaign slices are the keys themselves
    select
        month_start,
        key_type as dimension,
        key_value as dimension_value,
        -- channel_type is a property of channels: campaign rows have none
        case when key_type = 'channel' then channel_type end as channel_type,
        new_customers,
        new_arr_attributed,
        spend,
        platform_conversions,
        platform_conversion_value,
        platform_conversion_spend

    from key_months_combined

),

returns_aggregated as (

    select
        month_start,
        dimension,
        dimension_value,
        max(channel_type) as channel_type,
        sum(new_customers) as new_customers,
        sum(new_arr_attributed) as new_arr_attributed,
        -- ROI needs spend that bought the revenue: not the unpaid roll-up (R22)
        -- no revenue source (issue 12): ROI unknown, not -100 %
        case
            when dimension = 'channel_type' and dimension_value = 'unpaid' then null
            when (select revenue_sources.attributed_customer_months from revenue_sources) = 0
                then null
            else sum(spend)
        end as roi_spend,
        sum(spend) as spend,
        sum(platform_conversions) as platform_conversions,
        sum(platform_conversion_value) as platform_conversion_value,
        sum(platform_conversion_spend) as platform_conversion_spend

    from channel_months_by_dimension

    group by 1, 2, 3

),

returns_with_margin as (

    select
        returns_aggregated.*,
        gross_margin.gross_margin_pct,
        -- the numerator of marketing_roi_gm, published for the semantic layer
        cast(returns_aggregated.new_arr_attributed as {{ type_double() }})
        * gross_margin.gross_margin_pct as new_arr_attributed_gm

    from returns_aggregated

    left join gross_margin
        on returns_aggregated.month_start = gross_margin.month_start

),

roi_calculated as (

    select
        {{ surrogate_key(['returns_with_margin.month_start', 'returns_with_margin.dimension',
            'returns_with_margin.dimension_value']) }} as marketing_roi_monthly_id,
        returns_with_margin.month_start,
        cast(returns_with_margin.dimension as {{ dbt.type_string() }}) as dimension,
        cast(returns_with_margin.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(returns_with_margin.new_customers as integer) as new_customers,
        cast(returns_with_margin.new_arr_attributed as decimal(18, 4)) as new_arr_attributed,
        cast(returns_with_margin.spend as decimal(18, 4)) as spend,
        cast(returns_with_margin.channel_type = 'paid' as boolean) as is_paid_channel,
        -- the ratios' denominator and the margin-adjusted numerator, per row, so the
        -- semantic layer sums them (NULL where the ratios are NULL by rule: R22, issue 12)
        cast(returns_with_margin.roi_spend as decimal(18, 4)) as roi_spend,
        returns_with_margin.new_arr_attributed_gm,
        cast(returns_with_margin.gross_margin_pct as {{ type_double() }}) as gross_margin_pct,
        cast(
            returns_with_margin.new_arr_attributed - returns_with_margin.roi_spend
            as {{ type_double() }}
        )
        / nullif(cast(returns_with_margin.roi_spend as {{ type_double() }}), 0) as marketing_roi,
        (
            returns_with_margin.new_arr_attributed_gm
            - cast(returns_with_margin.roi_spend as {{ type_double() }})
        )
        / nullif(cast(returns_with_margin.roi_spend as {{ type_double() }}), 0) as marketing_roi_gm,
        cast(returns_with_margin.new_arr_attributed as {{ type_double() }})
        / nullif(cast(returns_with_margin.roi_spend as {{ type_double() }}), 0) as roas,
        cast(returns_with_margin.platform_conversions as decimal(18, 4)) as platform_conversions,
        cast(returns_with_margin.platform_conversion_value as decimal(18, 4))
            as platform_conversion_value,
        -- platform-reported ratios (issue 12): the spend of the days that report conversions
        -- over those conversions, their value over that spend; NULL without platform reports
        cast(returns_with_margin.platform_conversion_spend as {{ type_double() }})
        / nullif(cast(returns_with_margin.platform_conversions as {{ type_double() }}), 0)
            as platform_cpa,
        cast(returns_with_margin.platform_conversion_value as {{ type_double() }})
        / nullif(cast(returns_with_margin.platform_conversion_spend as {{ type_double() }}), 0)
            as platform_roas

    from returns_with_margin

)

select * from roi_calculated
