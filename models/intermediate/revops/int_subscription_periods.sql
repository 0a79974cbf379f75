{#-
    The simple billing layout's periods (stg_billing__subscription_periods) as periods of
    constant price x quantity, shaped as int_subscription_item_periods, which returns these rows
    when var billing_layout is subscription_periods: the MRR engine reads the file directly, no
    invoice is invented.

    - One item per period row; unit_amount is the row's whole net amount per billing period
      (mrr x billing_period_months) and quantity 1, so unit_amount x quantity /
      billing_period_months is the row's MRR exactly (seats and discount are already in mrr).
    - var subscription_overlap_rule: sum (default): a customer's overlapping periods all count
      (several subscriptions at once); latest: a period is in force only until the next period
      of the same customer starts (each new subscription replaces the previous one). Ties on the
      start date: the later subscription_period_id wins.
-#}

{%- set overlap_rule = var('subscription_overlap_rule', 'sum') %}
{%- if overlap_rule not in ['sum', 'latest'] %}
    {{ exceptions.raise_compiler_error(
        "var subscription_overlap_rule must be 'sum' or 'latest', not '" ~ overlap_rule ~ "'"
    ) }}
{%- endif %}

with

subscription_periods as (

    select
        subscription_period_id,
        subscription_id,
        customer_id,
        plan_name,
        currency,
        billing_period_months,
        start_date,
        end_date,
        mrr

    from {{ ref('stg_billing__subscription_periods') }}

),

periods_sequenced as (

    select
        *,
        lead(start_date) over (
            partition by customer_id
            order by start_date, subscription_period_id
        ) as next_start_date

    from subscription_periods

),

periods_ruled as (

    select
        subscription_period_id,
        subscription_id,
        customer_id,
        plan_name,
        currency,
        billing_period_months,
        mrr,
        start_date as valid_from,
        -- var subscription_overlap_rule ({{ overlap_rule }})
        case
            when '{{ overlap_rule }}' = 'sum' or next_start_date is null then end_date
            when end_date is null then next_start_date
            else least(end_date, next_start_date)
        end as valid_to

    from periods_sequenced

),

item_periods as (

    select
        subscription_period_id as subscription_item_period_id,
        subscription_id,
        subscription_period_id as subscription_item_id,
        customer_id,
        cast(null as {{ type_text() }}) as price_id,
        coalesce(plan_name, 'unknown') as product_id,
        currency,
        billing_period_months,
        cast(1 as bigint) as quantity,
        cast(mrr * billing_period_months as decimal(18, 4)) as unit_amount,
        valid_from,
        valid_to,
        false as is_trial,
        false as is_from_proration,
        cast(null as {{ type_text() }}) as source_invoice_line_item_id

    from periods_ruled

    where valid_to is null or valid_to > valid_from

)

select * from item_periods
