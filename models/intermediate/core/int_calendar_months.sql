{#-
    The months the warehouse values: from the earliest month any converted or valued
    fact needs (opportunity creation, billed service, ad spend, finance costs; at the
    latest the month before the report calendar, so the first report month has an
    opening balance) through the month that contains as_of_date, never beyond it
    (TB02, TB03). Report months are flagged; dim_months publishes them. Portable month
    series: offsets 0-9999 from four cross-joined digit lists.
-#}

{%- set months_since_start = dbt.datediff(
    'calendar_bounds.first_month_start', 'calendar_bounds.last_month_start', 'month'
) %}
{%- set month_of_offset = dbt.dateadd(
    'month', 'month_offsets.month_offset', 'calendar_bounds.first_month_start'
) %}

with

opportunities as (

    select created_date

    from {{ ref('stg_crm__opportunities') }}

),

invoice_line_items as (

    select period_start_date

    from {{ ref('stg_billing__invoice_line_items') }}

),

ad_spend_daily as (

    select spend_date

    from {{ ref('int_ad_spend_daily') }}

),

sales_marketing_costs as (

    select month_start

    from {{ ref('stg_finance__sales_marketing_costs') }}

),

first_months_needed as (

    select {{ month_start('min(created_date)') }} as month_start

    from opportunities

    union all

    select {{ month_start('min(period_start_date)') }} as month_start

    from invoice_line_items

    union all

    select {{ month_start('min(spend_date)') }} as month_start

    from ad_spend_daily

    union all

    select min(month_start) as month_start

    from sales_marketing_costs

    union all

    select
        cast({{ dbt.dateadd('month', -1, reporting_start_month()) }} as date)
            as month_start

),

calendar_bounds as (

    select
        min(month_start) as first_month_start,
        {{ month_start(as_of_date()) }} as last_month_start

    from first_months_needed

),

digits as (

    {{ digit_rows() }}

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

    from calendar_bounds

    cross join month_offsets

    where month_offsets.month_offset <= {{ months_since_start }}

),

calendar_months as (

    select
        month_start,
        {{ month_end('month_start') }} as month_end,
        month_start >= {{ reporting_start_month() }} as is_reporting_month

    from months

)

select * from calendar_months
