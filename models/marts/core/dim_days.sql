{#-
    The day-grain time spine of the semantic layer (MetricFlow joins metrics to it for
    metric_time, offsets and cumulative windows): every day of the report months of
    dim_months (one home of the calendar), from the first report month's first day through
    the last report month's last day. Portable day series: offsets 0-30 from two
    cross-joined digit lists, kept while inside the month.
-#}

{%- set day_of_offset = dbt.dateadd('day', 'day_offsets.day_offset', 'months.month_start') %}

with

months as (

    select
        month_start,
        month_end

    from {{ ref('dim_months') }}

),

digits as (

    {{ digit_rows() }}

),

day_offsets as (

    select units.digit + 10 * tens.digit as day_offset

    from digits as units

    cross join digits as tens

    where units.digit + 10 * tens.digit <= 30

),

days as (

    select
        cast({{ day_of_offset }} as date) as date_day,
        months.month_start,
        months.month_end

    from months

    cross join day_offsets

),

days_in_report_months as (

    select
        date_day,
        month_start

    from days

    where date_day <= month_end

)

select * from days_in_report_months
