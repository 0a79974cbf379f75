{#-
    The months the MRR engine values: from the month of the earliest billed
    service period (so acquisition cohorts, reactivations and opening balances
    see the full billing history) through the last report month, never beyond
    (TB02/TB03), and at least from the month before the report calendar starts.
    The months come from int_calendar_months, which starts no later than both.
-#}

with

calendar_months as (

    select
        month_start,
        month_end,
        is_reporting_month

    from {{ ref('int_calendar_months') }}

),

subscription_item_periods as (

    select valid_from

    from {{ ref('int_subscription_item_periods') }}

),

first_report_month as (

    select min(month_start) as month_start

    from calendar_months

    where is_reporting_month

),

first_months_valued as (

    select {{ month_start('min(valid_from)') }} as month_start

    from subscription_item_periods

    union all

    select cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) as month_start

    from first_report_month

),

history_start as (

    select min(month_start) as first_month_start

    from first_months_valued

),

history_months as (

    select
        calendar_months.month_start,
        calendar_months.month_end,
        calendar_months.is_reporting_month

    from calendar_months

    inner join history_start
        on calendar_months.month_start >= history_start.first_month_start

)

select * from history_months
