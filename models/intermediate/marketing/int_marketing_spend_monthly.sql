{#-
    Channel-attributed marketing spend per month in the reporting currency: ad-platform
    daily spend (int_ad_spend_daily) converted at the month's FX rate (int_fx_rates_monthly), plus finance `programs` costs that
    name a channel (M09 default: program spend, not salaries or tools). Read by CPL,
    CAC and the RevOps ROI model.
-#}

with

ad_spend_daily as (

    select
        spend_date,
        channel,
        spend_amount_native,
        currency

    from {{ ref('int_ad_spend_daily') }}

),

sales_marketing_costs as (

    select
        month_start,
        department,
        cost_type,
        channel,
        amount,
        currency

    from {{ ref('stg_finance__sales_marketing_costs') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

channels as (

    select distinct
        channel,
        is_paid

    from {{ ref('channel_mapping') }}

),

spend_native as (

    select
        {{ month_start('spend_date') }} as month_start,
        coalesce(channel, 'unknown') as channel,
        currency,
        spend_amount_native as amount,
        'ad_platform' as spend_source

    from ad_spend_daily

    union all

    select
        month_start,
        channel,
        currency,
        amount,
        'finance_programs' as spend_source

    from sales_marketing_costs

    where
        department = 'marketing'
        and cost_type = 'programs'
        and channel is not null

),

spend_native_monthly as (

    -- native amounts summed first (decimal, exact), converted once per month, channel,
    -- source and currency
    select
        month_start,
        channel,
        spend_source,
        currency,
        sum(amount) as amount

    from spend_native

    group by 1, 2, 3, 4

),

spend_converted as (

    select
        spend_native_monthly.month_start,
        spend_native_monthly.channel,
        spend_native_monthly.spend_source,
        {{ convert_to_reporting(
            'spend_native_monthly.amount', 'fx_rates.rate_to_reporting'
        ) }} as spend_amount

    from spend_native_monthly

    left join fx_rates
        on
            spend_native_monthly.currency = fx_rates.currency
            and spend_native_monthly.month_start = fx_rates.month_start

),

spend_aggregated as (

    select
        spend_converted.month_start,
        spend_converted.channel,
        coalesce(channels.is_paid, false) as is_paid,
        sum(spend_converted.spend_amount) as spend_amount,
        sum(
            case
                when spend_converted.spend_source = 'ad_platform'
                    then spend_converted.spend_amount
            end
        ) as ad_platform_spend_amount,
        sum(
            case
                when spend_converted.spend_source = 'finance_programs'
                    then spend_converted.spend_amount
            end
        ) as program_spend_amount

    from spend_converted

    left join channels
        on spend_converted.channel = channels.channel

    group by 1, 2, 3

),

marketing_spend_monthly as (

    select
        {{ surrogate_key(['month_start', 'channel']) }} as marketing_spend_monthly_id,
        cast(month_start as date) as month_start,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(is_paid as boolean) as is_paid,
        cast(spend_amount as decimal(18, 4)) as spend_amount,
        cast(coalesce(ad_platform_spend_amount, 0) as decimal(18, 4)) as ad_platform_spend_amount,
        cast(coalesce(program_spend_amount, 0) as decimal(18, 4)) as program_spend_amount

    from spend_aggregated

)

select * from marketing_spend_monthly
