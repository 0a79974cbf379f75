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
    value close rate follows. The cohort measures are computed once in
    int_opportunities_sliced_by_window; this mart adds the lead close rate and maturity.
-#}

{%- set maturity_days = var('close_rate_maturity_days') | int %}

with

sliced_cohorts as (

    select
        month_start,
        dimension,
        dimension_value,
        created_count,
        created_amount,
        created_missing_amount_count,
        cohort_won_count,
        cohort_won_amount,
        close_rate,
        close_rate_value,
        created_count_trailing,
        cohort_won_count_trailing,
        close_rate_trailing,
        close_rate_value_trailing

    from {{ ref('int_opportunities_sliced_by_window') }}

    -- a slice row exists once a deal of the slice was created in the trailing window
    where created_count_trailing > 0

),

leads as (

    select
        lead_id,
        channel,
        created_month,
        is_customer

    from {{ ref('int_lead_funnel') }}

),

months as (

    {{ report_month_starts() }}

),

leads_sliced as (

    {{ slice_dimensions(
        'leads',
        ['lead_id', 'created_month', 'is_customer'],
        [['total', "'all'"], ['channel', 'channel']]
    ) }}

),

lead_cohorts as (

    select
        months.month_start,
        leads_sliced.dimension,
        leads_sliced.dimension_value,
        count(*) as lead_count,
        count(case when leads_sliced.is_customer then 1 end) as lead_customer_count

    from months

    inner join leads_sliced
        on months.month_start = leads_sliced.created_month

    group by 1, 2, 3

),

slice_keys as (

    select
        month_start,
        dimension,
        dimension_value

    from sliced_cohorts

    union

    select
        month_start,
        dimension,
        dimension_value

    from lead_cohorts

),

close_rates_calculated as (

    select
        {{ surrogate_key(
            ['slice_keys.month_start', 'slice_keys.dimension', 'slice_keys.dimension_value']
        ) }} as close_rates_monthly_id,
        cast(slice_keys.month_start as date) as month_start,
        cast(slice_keys.dimension as {{ dbt.type_string() }}) as dimension,
        cast(slice_keys.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        {{ as_of_date() }} as as_of_date,
        -- the cohort has had var close_rate_maturity_days after its month end to close
        cast(
            cast(
                {{ dbt.dateadd('day', maturity_days, month_end('slice_keys.month_start')) }} as date
            ) <= {{ as_of_date() }} as boolean
        ) as is_cohort_mature,
        cast(coalesce(sliced_cohorts.created_count, 0) as integer) as created_count,
        -- no cohort row: no opportunity created (a known 0); a row's NULL stays unknown
        cast(
            {{ zero_when_no_row('sliced_cohorts.month_start', 'sliced_cohorts.created_amount') }}
            as decimal(18, 4)
        ) as created_amount,
        cast(coalesce(sliced_cohorts.created_missing_amount_count, 0) as integer)
            as created_missing_amount_count,
        cast(coalesce(sliced_cohorts.cohort_won_count, 0) as integer) as won_count,
        cast(
            {{ zero_when_no_row('sliced_cohorts.month_start', 'sliced_cohorts.cohort_won_amount') }}
            as decimal(18, 4)
        ) as won_amount,
        cast(sliced_cohorts.close_rate as {{ type_double() }}) as close_rate,
        cast(sliced_cohorts.close_rate_value as {{ type_double() }}) as close_rate_value,
        cast(coalesce(sliced_cohorts.created_count_trailing, 0) as integer)
            as created_count_trailing,
        cast(coalesce(sliced_cohorts.cohort_won_count_trailing, 0) as integer)
            as won_count_trailing,
        cast(sliced_cohorts.close_rate_trailing as {{ type_double() }}) as close_rate_trailing,
        cast(sliced_cohorts.close_rate_value_trailing as {{ type_double() }})
            as close_rate_value_trailing,
        cast(
            case
                when slice_keys.dimension in ('total', 'channel')
                    then coalesce(lead_cohorts.lead_count, 0)
            end as integer
        ) as lead_count,
        cast(
            case
                when slice_keys.dimension in ('total', 'channel')
                    then coalesce(lead_cohorts.lead_customer_count, 0)
            end as integer
        ) as lead_customer_count,
        case
            when slice_keys.dimension in ('total', 'channel')
                then
                    cast(lead_cohorts.lead_customer_count as {{ type_double() }})
                    / nullif(lead_cohorts.lead_count, 0)
        end as lead_close_rate

    from slice_keys

    left join sliced_cohorts
        on {{ slice_keys_match('slice_keys', 'sliced_cohorts') }}

    left join lead_cohorts
        on {{ slice_keys_match('slice_keys', 'lead_cohorts') }}

)

select * from close_rates_calculated
