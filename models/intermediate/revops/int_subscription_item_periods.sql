{#-
    The price x quantity in force for each subscription item over time, rebuilt
    from the billed invoice lines (SH01: the subscription-item table only holds
    today's state, which must never be applied to the past).

    - Regular (non-proration) subscription lines and positive proration lines
      state what was in force over [period_start, period_end). Negative
      proration lines (credit for unused time), one-time invoice items and
      metered usage (G2) never set MRR.
    - When two lines of an item overlap, the later period_start wins, so a
      mid-period upgrade's proration line supersedes the regular line from the
      change date.
    - The last billed state of an item that is still on the subscription's
      latest invoice stays in force until the subscription ends (an invoice for
      the next term is not needed to stay active: TB03); validity is capped at
      the subscription's end date (immediate cancels, D2/D3).
    - Lines inside the trial window are kept and flagged is_trial; free lines
      keep unit_amount 0. Both give no MRR downstream.
    - Simple billing layout (var billing_layout: subscription_periods): the
      rows are int_subscription_periods' (the periods file, no invoices).
-#}

with

invoice_line_items as (

    select
        invoice_line_item_id,
        invoice_id,
        subscription_id,
        subscription_item_id,
        price_id,
        line_type,
        is_proration,
        period_start_date,
        period_end_date,
        quantity,
        unit_amount,
        amount,
        currency

    from {{ ref('stg_billing__invoice_line_items') }}

),

invoices as (

    select
        invoice_id,
        status

    from {{ ref('stg_billing__invoices') }}

),

prices as (

    select
        price_id,
        product_id,
        unit_amount,
        price_type,
        billing_period_months,
        usage_type

    from {{ ref('stg_billing__prices') }}

),

subscriptions as (

    select
        subscription_id,
        customer_id,
        status,
        trial_start_date,
        trial_end_date,
        ended_date

    from {{ ref('stg_billing__subscriptions') }}

),

recurring_lines as (

    select
        invoice_line_items.invoice_line_item_id,
        invoice_line_items.subscription_id,
        invoice_line_items.subscription_item_id,
        subscriptions.customer_id,
        invoice_line_items.price_id,
        prices.product_id,
        upper(invoice_line_items.currency) as currency,
        prices.billing_period_months,
        coalesce(invoice_line_items.quantity, 1) as quantity,
        -- a proration line's unit amount may be the prorated amount: take the price's
        case
            when invoice_line_items.is_proration
                then coalesce(prices.unit_amount, invoice_line_items.unit_amount)
            else coalesce(invoice_line_items.unit_amount, prices.unit_amount)
        end as unit_amount,
        invoice_line_items.is_proration,
        invoice_line_items.period_start_date,
        invoice_line_items.period_end_date,
        coalesce(
            subscriptions.trial_end_date is not null
            and invoice_line_items.period_start_date
            >= coalesce(subscriptions.trial_start_date, invoice_line_items.period_start_date)
            and invoice_line_items.period_start_date < subscriptions.trial_end_date,
            false
        ) as is_trial,
        coalesce(
            subscriptions.ended_date,
            case
                when subscriptions.status in ('canceled', 'incomplete_expired')
                    then cast('1900-01-01' as date)
            end
        ) as subscription_ended_date

    from invoice_line_items

    inner join subscriptions
        on invoice_line_items.subscription_id = subscriptions.subscription_id

    inner join prices
        on invoice_line_items.price_id = prices.price_id

    left join invoices
        on invoice_line_items.invoice_id = invoices.invoice_id

    where
        invoice_line_items.line_type = 'subscription'
        and invoice_line_items.subscription_item_id is not null
        and prices.price_type = 'recurring'
        and coalesce(prices.usage_type, 'licensed') != 'metered'
        and (not invoice_line_items.is_proration or invoice_line_items.amount > 0)
        and invoice_line_items.period_end_date > invoice_line_items.period_start_date
        and coalesce(invoices.status, 'open') != 'void'

),

lines_sequenced as (

    select
        *,
        lead(period_start_date) over (
            partition by subscription_item_id
            order by
                period_start_date,
                case when is_proration then 1 else 0 end,
                invoice_line_item_id
        ) as next_period_start_date,
        max(period_end_date) over (
            partition by subscription_id
        ) as subscription_last_period_end_date

    from recurring_lines

),

validity_derived as (

    select
        *,
        case
            when next_period_start_date is not null
                then least(period_end_date, next_period_start_date)
            -- latest billed state of a live item stays in force (TB03)
            when
                period_end_date >= subscription_last_period_end_date
                and subscription_ended_date is null
                then null
            else period_end_date
        end as uncapped_valid_to

    from lines_sequenced

),

validity_capped as (

    select
        {{ surrogate_key(['subscription_item_id', 'period_start_date', 'invoice_line_item_id']) }}
            as subscription_item_period_id,
        subscription_id,
        subscription_item_id,
        customer_id,
        price_id,
        product_id,
        currency,
        billing_period_months,
        quantity,
        cast(unit_amount as decimal(18, 4)) as unit_amount,
        period_start_date as valid_from,
        case
            when subscription_ended_date is null then uncapped_valid_to
            when subscription_ended_date = cast('1900-01-01' as date)
                then coalesce(uncapped_valid_to, period_end_date)
            else
                least(coalesce(uncapped_valid_to, subscription_ended_date), subscription_ended_date)
        end as valid_to,
        is_trial,
        is_proration as is_from_proration,
        invoice_line_item_id as source_invoice_line_item_id

    from validity_derived

),

non_empty_periods as (

    select * from validity_capped
    where valid_to is null or valid_to > valid_from

)

{#- Simple billing layout: the periods file is the history (int_subscription_periods). -#}
{%- if var('billing_layout', 'stripe') == 'subscription_periods' %}

    select * from {{ ref('int_subscription_periods') }}

{%- else %}

    select * from non_empty_periods

{%- endif %}
