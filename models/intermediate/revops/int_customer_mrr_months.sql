{#-
    The MRR engine: one row per customer and month of the MRR history
    (int_mrr_history_months) from the customer's first paid month-end through
    the last report month (never beyond: TB02/TB03), zero-filled so churn months
    are explicit rows (NZ01). is_reporting_month marks the months dim_months
    publishes; fct_customer_mrr_months and the report marts keep those, the
    history months before them feed trailing windows (churn for LTV, R21).

    - mrr: month-end MRR (D1) at the month's FX rate; NULL (unknown, never 0) when the
      currency has no rate in int_fx_rates_monthly (no published rate at all: the test
      assert_revops_every_mrr_currency_has_fx_rate fails on it), a 0 native MRR stays 0.
      Movement and movement amounts of such a row (and the next) are NULL too.
    - prev_mrr: the previous month-end's native MRR re-valued at this month's
      rate (constant currency), prev_mrr_at_prev_fx at last month's rate, and
      fx_impact = prev_mrr - prev_mrr_at_prev_fx (G5), so that
      mrr = prev_mrr_at_prev_fx + fx_impact + new + reactivation + expansion
      - contraction - churn for every row.
    - movement: new / reactivation / expansion / contraction / churn / none at
      customer level (D4-D6); a return after a paid month is a reactivation if
      it comes within var reactivation_window_months (0 = any gap).
-#}

{%- set reactivation_window = var('reactivation_window_months', 0) | int %}

with

customer_mrr_month_ends as (

    select
        customer_id,
        month_start,
        currency,
        mrr_native,
        plan_name,
        billing_interval

    from {{ ref('int_customer_mrr_month_ends') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

customers as (

    select
        customer_id,
        segment,
        acquisition_channel,
        country_code,
        acquisition_cohort_month

    from {{ ref('int_customers') }}

),

months as (

    select
        month_start,
        month_end,
        is_reporting_month

    from {{ ref('int_mrr_history_months') }}

),

first_paid_months as (

    select
        customer_id,
        first_paid_month

    from {{ ref('int_customer_first_paid_months') }}

),

customer_month_spine as (

    select
        first_paid_months.customer_id,
        months.month_start,
        months.month_end,
        months.is_reporting_month

    from first_paid_months

    inner join months
        on first_paid_months.first_paid_month <= months.month_start

),

customer_months_filled as (

    select
        customer_month_spine.customer_id,
        customer_month_spine.month_start,
        customer_month_spine.month_end,
        customer_month_spine.is_reporting_month,
        customer_mrr_month_ends.currency,
        coalesce(customer_mrr_month_ends.mrr_native, 0) as mrr_native,
        customer_mrr_month_ends.plan_name,
        customer_mrr_month_ends.billing_interval

    from customer_month_spine

    left join customer_mrr_month_ends
        on
            {{- slice_keys_match(
                'customer_month_spine', 'customer_mrr_month_ends', ['customer_id', 'month_start'],
            ) }}

),

customer_months_lagged as (

    select
        customer_id,
        month_start,
        month_end,
        is_reporting_month,
        currency,
        mrr_native,
        coalesce(plan_name, lag(plan_name) over customer_history) as plan_name,
        coalesce(billing_interval, lag(billing_interval) over customer_history)
            as billing_interval,
        lag(month_start) over customer_history as prev_month_start,
        lag(currency) over customer_history as prev_currency,
        coalesce(lag(mrr_native) over customer_history, 0) as prev_mrr_native,
        max(case when mrr_native > 0 then month_start end) over (
            partition by customer_id
            order by month_start
            rows between unbounded preceding and 1 preceding
        ) as last_paid_month_before

    from customer_months_filled

    window customer_history as (partition by customer_id order by month_start)

),

customer_months_valued as (

    select
        customer_months_lagged.customer_id,
        customer_months_lagged.month_start,
        customer_months_lagged.month_end,
        customer_months_lagged.is_reporting_month,
        coalesce(customer_months_lagged.currency, customer_months_lagged.prev_currency) as currency,
        customer_months_lagged.plan_name,
        customer_months_lagged.billing_interval,
        customer_months_lagged.mrr_native,
        customer_months_lagged.last_paid_month_before,
        -- A currency without a rate is NULL (value_at_rate), rounded the same on every
        -- engine (to_decimal).
        {{ to_decimal(value_at_rate(
            'customer_months_lagged.mrr_native', 'current_rates.rate_to_reporting'
        ), 18, 4) }} as mrr,
        {{ to_decimal(value_at_rate(
            'customer_months_lagged.prev_mrr_native', 'prev_at_current_rates.rate_to_reporting'
        ), 18, 4) }} as prev_mrr,
        {{ to_decimal(value_at_rate(
            'customer_months_lagged.prev_mrr_native', 'prev_at_prev_rates.rate_to_reporting'
        ), 18, 4) }} as prev_mrr_at_prev_fx

    from customer_months_lagged

    left join fx_rates as current_rates
        on
            {{- slice_keys_match(
                'customer_months_lagged', 'current_rates', ['month_start', 'currency'],
            ) }}

    left join fx_rates as prev_at_current_rates
        on
            customer_months_lagged.month_start = prev_at_current_rates.month_start
            and customer_months_lagged.prev_currency = prev_at_current_rates.currency

    left join fx_rates as prev_at_prev_rates
        on
            customer_months_lagged.prev_month_start = prev_at_prev_rates.month_start
            and customer_months_lagged.prev_currency = prev_at_prev_rates.currency

),

movements_classified as (

    select
        *,
        case
            when mrr is null or prev_mrr is null then null
            when prev_mrr = 0 and mrr > 0 and last_paid_month_before is not null
            {%- if reactivation_window > 0 %}
                and {{ dbt.datediff('last_paid_month_before', 'month_start', 'month') }}
                <= {{ reactivation_window }}
                {%- endif %}
                then 'reactivation'
            when prev_mrr = 0 and mrr > 0 then 'new'
            when prev_mrr > 0 and mrr = 0 then 'churn'
            when prev_mrr > 0 and mrr > prev_mrr then 'expansion'
            when prev_mrr > 0 and mrr < prev_mrr then 'contraction'
            else 'none'
        end as movement

    from customer_months_valued

),

customer_months_described as (

    select
        {{ surrogate_key([
            'movements_classified.customer_id', 'movements_classified.month_start'
        ]) }}
            as customer_mrr_month_id,
        cast(movements_classified.customer_id as {{ dbt.type_string() }}) as customer_id,
        movements_classified.month_start,
        movements_classified.month_end,
        movements_classified.is_reporting_month,
        coalesce(customers.segment, 'unknown') as segment,
        coalesce(customers.acquisition_channel, 'unknown') as acquisition_channel,
        coalesce(customers.country_code, 'unknown') as country,
        customers.acquisition_cohort_month,
        coalesce(movements_classified.plan_name, 'unknown') as plan_name,
        coalesce(movements_classified.billing_interval, 'unknown') as billing_interval,
        movements_classified.currency,
        cast(movements_classified.mrr_native as decimal(18, 4)) as mrr_native,
        movements_classified.mrr,
        movements_classified.prev_mrr,
        movements_classified.prev_mrr_at_prev_fx,
        cast(
            movements_classified.prev_mrr
            - movements_classified.prev_mrr_at_prev_fx as decimal(18, 4)
        )
            as fx_impact,
        movements_classified.movement,
        -- each movement's MRR change (positive), 0 in the other movements' columns
        {%- for movement, column, amount in [
            ('new', 'new_mrr', 'movements_classified.mrr'),
            ('reactivation', 'reactivation_mrr', 'movements_classified.mrr'),
            ('expansion', 'expansion_mrr', 'movements_classified.mrr - movements_classified.prev_mrr'),
            ('contraction', 'contraction_mrr', 'movements_classified.prev_mrr - movements_classified.mrr'),
            ('churn', 'churned_mrr', 'movements_classified.prev_mrr'),
        ] %}
            cast(
                case
                    when movements_classified.movement is null then null
                    when movements_classified.movement = '{{ movement }}' then {{ amount }}
                    else 0
                end as decimal(18, 4)
            ) as {{ column }},
        {%- endfor %}
        movements_classified.mrr > 0 as is_active,
        movements_classified.prev_mrr_at_prev_fx > 0 as was_active_prev_month,
        movements_classified.last_paid_month_before is not null as was_active_before

    from movements_classified

    left join customers
        on movements_classified.customer_id = customers.customer_id

)

select * from customer_months_described
