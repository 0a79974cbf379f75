{{ config(materialized='table') }}

{#-
    Every raw row of the simple billing layout (raw billing.subscription_period, var
    billing_layout: subscription_periods), typed once, with its reject_reason (NULL = kept in
    stg_billing__subscription_periods). Dates and numbers are read by the layout's declared
    format (vars simple_layout_date_format / simple_layout_decimal_separator).

    - mrr: the row's monthly recurring revenue in its currency. Given directly (column mrr,
      read also from monthly_amount), or amount x quantity - discount_amount (per billing
      period) divided by the billing period in months (seed billing_interval_months x
      billing_interval_count; monthly when neither interval nor count is given).
    - currency: the row's, else var default_currency_when_missing.
    - Reasons, first that applies: missing_customer_id, missing_start_date,
      unparseable_<column>, missing_mrr_and_amount (neither column given), missing_currency
      (none landed and var default_currency_when_missing unset), negative_amount,
      end_not_after_start (an empty or reversed period), after_as_of_date (starts after var
      as_of_date), duplicate_period (the same customer, subscription, plan and start again).
-#}

{%- set layout = 'subscription_periods' %}
{%- set parsed_columns = {
    'start_date': 'start_date',
    'end_date': 'end_date',
    'mrr': 'mrr_given',
    'amount': 'amount',
    'quantity': 'quantity_given',
    'discount_amount': 'discount_amount',
    'billing_interval_count': 'billing_interval_count',
} %}

with

source as (

    select * from {{ raw_source('billing', 'subscription_period') }}

),

billing_interval_months as (

    select * from {{ ref('billing_interval_months') }}

),

renamed as (

    select
        -- ids
        nullif(trim(cast(source.customer_id as {{ type_text() }})), '') as customer_id,
        nullif(trim(cast(source.subscription_id as {{ type_text() }})), '') as raw_subscription_id,
        nullif(trim(cast(source.crm_account_id as {{ type_text() }})), '') as crm_account_id,

        -- strings
        nullif(trim(cast(source.plan as {{ type_text() }})), '') as plan_name,
        nullif(lower(trim(cast(source.billing_interval as {{ type_text() }}))), '')
            as billing_interval,
        {{ currency_or_default('source.currency') }} as currency,

        -- dates (first day with service; end = first day without, D2)
        {{ simple_layout_date('source.start_date', layout) }} as start_date,
        {{ simple_layout_date('source.end_date', layout) }} as end_date,

        -- numerics
        {{ simple_layout_decimal('source.mrr', layout) }} as mrr_given,
        {{ simple_layout_decimal('source.amount', layout) }} as amount,
        {{ simple_layout_decimal('source.quantity', layout) }} as quantity_given,
        {{ simple_layout_decimal('source.discount_amount', layout) }} as discount_amount,
        {{ safe_cast(
            'trim(cast(source.billing_interval_count as ' ~ type_text() ~ '))', 'integer'
        ) }} as billing_interval_count,

        -- raw text of the deciding columns (stg_billing__subscription_periods_rejects)
        {{ raw_text_columns(parsed_columns) }}

    from source

),

amounts_derived as (

    select
        renamed.*,
        coalesce(renamed.quantity_given, 1) as quantity,
        case
            when renamed.billing_interval is null and renamed.billing_interval_count is null
                then cast(1 as {{ type_double() }})
            else
                cast(
                    billing_interval_months.months_numerator
                    * coalesce(renamed.billing_interval_count, 1) as {{ type_double() }}
                )
                / billing_interval_months.months_denominator
        end as billing_period_months

    from renamed

    left join billing_interval_months
        on coalesce(renamed.billing_interval, 'month') = billing_interval_months.billing_interval

),

mrr_derived as (

    select
        *,
        cast(
            coalesce(
                mrr_given,
                (amount * quantity - coalesce(discount_amount, 0)) / billing_period_months
            ) as decimal(18, 4)
        ) as mrr,
        -- no subscription id: one subscription per customer, plan and start
        coalesce(
            raw_subscription_id,
            concat_ws(
                '|', customer_id, coalesce(plan_name, ''), cast(start_date as {{ type_text() }})
            )
        ) as subscription_id,
        row_number() over (
            partition by customer_id, raw_subscription_id, plan_name, raw_start_date
            order by raw_end_date, raw_mrr, raw_amount
        ) as occurrence

    from amounts_derived

),

classified as (

    select
        {{ surrogate_key([
            'customer_id', 'raw_subscription_id', 'plan_name', 'raw_start_date', 'occurrence'
        ]) }}
            as subscription_period_id,
        *,
        case
            when customer_id is null then 'missing_customer_id'
            when raw_start_date is null then 'missing_start_date'
            {{- unparseable_reasons(parsed_columns) }}
            when mrr_given is null and amount is null then 'missing_mrr_and_amount'
            when currency is null then 'missing_currency'
            when mrr < 0 or amount < 0 or quantity < 0 then 'negative_amount'
            when end_date <= start_date then 'end_not_after_start'
            when start_date > {{ as_of_date() }} then 'after_as_of_date'
            when occurrence > 1 then 'duplicate_period'
        end as reject_reason

    from mrr_derived

)

select * from classified
