{#-
    Native-currency MRR of every paying customer on every month-end of
    int_mrr_history_months (D1): the whole billing history up to the last report
    month, so cohorts, reactivations and opening balances see pre-calendar months. Only customer-months with MRR > 0 have a row.

    - An item counts on a month-end when valid_from <= month_end < valid_to (D2),
      it is not a trial and its unit amount is positive (G2).
    - Item MRR = unit_amount x quantity / billing_period_months (G3).
    - A permanent discount (coupon duration in var mrr_discount_durations)
      reduces the subscription's MRR; time-limited coupons do not (G3). A
      subscription's own discount wins over a customer-level one. A negative
      net is floored at 0 and flagged.
    - The customer's plan and billing interval are those of its largest item.
-#}

with

months as (

    select
        month_start,
        month_end

    from {{ ref('int_mrr_history_months') }}

),

subscription_item_periods as (

    select
        subscription_id,
        subscription_item_id,
        customer_id,
        product_id,
        currency,
        billing_period_months,
        quantity,
        unit_amount,
        valid_from,
        valid_to,
        is_trial

    from {{ ref('int_subscription_item_periods') }}

),

products as (

    select
        product_id,
        product_name

    from {{ ref('stg_billing__products') }}

),

discounts as (

    select
        discount_id,
        coupon_id,
        customer_id,
        subscription_id,
        start_date,
        end_date

    from {{ ref('stg_billing__discounts') }}

),

coupons as (

    select
        coupon_id,
        percent_off,
        amount_off,
        duration

    from {{ ref('stg_billing__coupons') }}

),

items_on_month_ends as (

    select
        months.month_start,
        months.month_end,
        subscription_item_periods.customer_id,
        subscription_item_periods.subscription_id,
        subscription_item_periods.subscription_item_id,
        subscription_item_periods.product_id,
        subscription_item_periods.currency,
        subscription_item_periods.billing_period_months,
        subscription_item_periods.unit_amount
        * subscription_item_periods.quantity
        / subscription_item_periods.billing_period_months as item_mrr_native

    from months

    inner join subscription_item_periods
        on
            months.month_end >= subscription_item_periods.valid_from
            and (
                subscription_item_periods.valid_to is null
                or months.month_end < subscription_item_periods.valid_to
            )

    where
        not subscription_item_periods.is_trial
        and subscription_item_periods.unit_amount > 0
        and subscription_item_periods.quantity > 0

),

subscriptions_on_month_ends as (

    select
        month_start,
        month_end,
        customer_id,
        subscription_id,
        currency,
        min(billing_period_months) as billing_period_months,
        sum(item_mrr_native) as gross_mrr_native

    from items_on_month_ends

    group by 1, 2, 3, 4, 5

),

permanent_discounts as (

    select
        discounts.discount_id,
        discounts.customer_id,
        discounts.subscription_id,
        discounts.start_date,
        discounts.end_date,
        coalesce(coupons.percent_off, 0) as percent_off,
        coalesce(coupons.amount_off, 0) as amount_off

    from discounts

    inner join coupons
        on discounts.coupon_id = coupons.coupon_id

    where coupons.duration in {{ revops_discount_duration_list() }}

),

discount_matches as (

    {#- Two equi-joins, not one OR-join (issue 13: DuckDB cannot hash-join an OR and
        falls back to a nested loop, quadratic in the data). The halves are disjoint:
        the first needs the discount's subscription_id, the second needs it NULL. #}
    select
        subscriptions_on_month_ends.month_start,
        subscriptions_on_month_ends.month_end,
        subscriptions_on_month_ends.subscription_id,
        permanent_discounts.discount_id,
        permanent_discounts.subscription_id as discount_subscription_id,
        permanent_discounts.start_date,
        permanent_discounts.end_date,
        permanent_discounts.percent_off,
        permanent_discounts.amount_off

    from subscriptions_on_month_ends

    inner join permanent_discounts
        on subscriptions_on_month_ends.subscription_id = permanent_discounts.subscription_id

    union all

    select
        subscriptions_on_month_ends.month_start,
        subscriptions_on_month_ends.month_end,
        subscriptions_on_month_ends.subscription_id,
        permanent_discounts.discount_id,
        permanent_discounts.subscription_id as discount_subscription_id,
        permanent_discounts.start_date,
        permanent_discounts.end_date,
        permanent_discounts.percent_off,
        permanent_discounts.amount_off

    from subscriptions_on_month_ends

    inner join permanent_discounts
        on subscriptions_on_month_ends.customer_id = permanent_discounts.customer_id

    where permanent_discounts.subscription_id is null

),

discounts_ranked as (

    select
        month_start,
        subscription_id,
        percent_off,
        amount_off,
        row_number() over (
            partition by month_start, subscription_id
            order by
                case when discount_subscription_id is not null then 0 else 1 end,
                start_date desc,
                discount_id asc
        ) as discount_rank

    from discount_matches

    where
        month_end >= start_date
        and (end_date is null or month_end < end_date)

),

subscriptions_discounted as (

    select
        subscriptions_on_month_ends.month_start,
        subscriptions_on_month_ends.month_end,
        subscriptions_on_month_ends.customer_id,
        subscriptions_on_month_ends.subscription_id,
        subscriptions_on_month_ends.currency,
        subscriptions_on_month_ends.gross_mrr_native,
        subscriptions_on_month_ends.gross_mrr_native
        * (1 - coalesce(discounts_ranked.percent_off, 0))
        - coalesce(discounts_ranked.amount_off, 0)
        / subscriptions_on_month_ends.billing_period_months as net_mrr_native

    from subscriptions_on_month_ends

    left join discounts_ranked
        on
            {{- slice_keys_match(
                'subscriptions_on_month_ends', 'discounts_ranked', ['month_start', 'subscription_id'],
            ) }}
            and discounts_ranked.discount_rank = 1

),

largest_items as (

    select
        items_on_month_ends.month_start,
        items_on_month_ends.customer_id,
        coalesce(products.product_name, items_on_month_ends.product_id, 'unknown') as plan_name,
        case items_on_month_ends.billing_period_months
            when 1 then 'monthly'
            when 3 then 'quarterly'
            when 6 then 'semiannual'
            when 12 then 'annual'
            when 24 then 'biennial'
            when 36 then 'triennial'
            else 'other'
        end as billing_interval,
        row_number() over (
            partition by items_on_month_ends.month_start, items_on_month_ends.customer_id
            order by
                items_on_month_ends.item_mrr_native desc,
                items_on_month_ends.subscription_item_id asc
        ) as item_rank

    from items_on_month_ends

    left join products
        on items_on_month_ends.product_id = products.product_id

),

customers_on_month_ends as (

    select
        month_start,
        month_end,
        customer_id,
        currency,
        cast(sum(gross_mrr_native) as decimal(18, 4)) as gross_mrr_native,
        cast(sum(case when net_mrr_native > 0 then net_mrr_native else 0 end) as decimal(18, 4))
            as mrr_native,
        max(case when net_mrr_native < 0 then 1 else 0 end) = 1 as has_negative_net_floored

    from subscriptions_discounted

    group by 1, 2, 3, 4

),

customer_months_with_plan as (

    select
        {{ surrogate_key([
            'customers_on_month_ends.customer_id', 'customers_on_month_ends.month_start'
        ]) }}
            as customer_mrr_month_end_id,
        customers_on_month_ends.customer_id,
        customers_on_month_ends.month_start,
        customers_on_month_ends.month_end,
        customers_on_month_ends.currency,
        customers_on_month_ends.gross_mrr_native,
        customers_on_month_ends.mrr_native,
        customers_on_month_ends.has_negative_net_floored,
        largest_items.plan_name,
        largest_items.billing_interval

    from customers_on_month_ends

    left join largest_items
        on
            {{- slice_keys_match(
                'customers_on_month_ends', 'largest_items', ['customer_id', 'month_start'],
            ) }}
            and largest_items.item_rank = 1

    where customers_on_month_ends.mrr_native > 0

)

select * from customer_months_with_plan
