{#-
    The months the MRR engine values: from the month of the earliest billed
    service period (so acquisition cohorts, reactivations and opening balances
    see the full billing history) through the last report month of dim_months
    (never beyond, TB02/TB03), and at least from the month before the calendar
    starts. Portable month series: offsets 0-9999 from four cross-joined digit lists.
-#}

{%- set months_since_start = dbt.datediff(
    'history_start.first_month_start', 'history_start.last_month_start', 'month'
) %}
{%- set month_of_offset = dbt.dateadd(
    'month', 'month_offsets.month_offset', 'history_start.first_month_start'
) %}

with

calendar_months as (

    select month_start

    from {{ ref('dim_months') }}

),

subscription_item_periods as (

    select valid_from

    from {{ ref('int_subscription_item_periods') }}

),

bounds as (

    select
        cast({{ dbt.dateadd('month', -1, 'min(calendar_months.month_start)') }} as date)
            as month_before_calendar,
        max(calendar_months.month_start) as last_month_start

    from calendar_months

),

first_billed_month as (

    select min({{ month_start('valid_from') }}) as first_month_start

    from subscription_item_periods

),

history_start as (

    select
        case
            when first_billed_month.first_month_start < bounds.month_before_calendar
                then first_billed_month.first_month_start
            else bounds.month_before_calendar
        end as first_month_start,
        bounds.last_month_start

    from bounds

    cross join first_billed_month

),

digits as (

    select 0 as digit

    union all

    select 1 as digit

    union all

    select 2 as digit

    union all

    select 3 as digit

    union all

    select 4 as digit

    union all

    select 5 as digit

    union all

    select 6 as digit

    union all

    select 7 as digit

    union all

    select 8 as digit

    union all

    select 9 as digit

),

month_offsets as (

    select
        units.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit as month_offset

    from digits as units

    cross join digits as tens

    cross join digits as hundreds

    cross join digits as thousands

),

months as (

    select cast({{ month_of_offset }} as date) as month_start

    from history_start

    cross join month_offsets

    where month_offsets.month_offset <= {{ months_since_start }}

),

history_months as (

    select
        month_start,
        {{ month_end('month_start') }} as month_end

    from months

)

select * from history_months
