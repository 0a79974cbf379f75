{#-
    Billings per month (issue 11 part 5), total and per segment, in the reporting currency:
    invoiced, collected (successful charges) and refunded amounts from
    int_billing_transactions, net_collected = collected - refunded. The total row exists every
    report month (0 when the billing system recorded nothing: it is the source, so nothing
    billed is a known 0); a segment row exists where the segment has a transaction.
-#}

with

billing_transactions as (

    select
        month_start,
        segment,
        transaction_type,
        amount

    from {{ ref('int_billing_transactions') }}

),

months as (

    {{ report_month_starts() }}

),

billing_facts as (

    select
        month_start,
        segment,
        case when transaction_type = 'invoiced' then amount else 0 end as invoiced_amount,
        case when transaction_type = 'collected' then amount else 0 end as collected_amount,
        case when transaction_type = 'refunded' then amount else 0 end as refunded_amount

    from billing_transactions

    union all

    -- the total row of every report month, also without transactions
    select
        month_start,
        cast(null as {{ dbt.type_string() }}) as segment,
        0 as invoiced_amount,
        0 as collected_amount,
        0 as refunded_amount

    from months

),

billing_facts_sliced as (

    {{ slice_dimensions(
        'billing_facts',
        ['month_start', 'segment', 'invoiced_amount', 'collected_amount', 'refunded_amount'],
        [['total', "'all'"], ['segment', 'segment']]
    ) }}

),

billings_aggregated as (

    select
        billing_facts_sliced.month_start,
        billing_facts_sliced.dimension,
        billing_facts_sliced.dimension_value,
        sum(billing_facts_sliced.invoiced_amount) as invoiced_amount,
        sum(billing_facts_sliced.collected_amount) as collected_amount,
        sum(billing_facts_sliced.refunded_amount) as refunded_amount

    from billing_facts_sliced

    inner join months
        on billing_facts_sliced.month_start = months.month_start

    -- the month-only filler rows have no segment: they make total rows only
    where not (billing_facts_sliced.dimension = 'segment' and billing_facts_sliced.segment is null)

    group by 1, 2, 3

),

billings_calculated as (

    select
        {{ slice_key_columns('billings_monthly_id') }},
        cast(invoiced_amount as decimal(18, 4)) as invoiced_amount,
        cast(collected_amount as decimal(18, 4)) as collected_amount,
        cast(refunded_amount as decimal(18, 4)) as refunded_amount,
        cast(collected_amount - refunded_amount as decimal(18, 4)) as net_collected_amount

    from billings_aggregated

)

select * from billings_calculated
