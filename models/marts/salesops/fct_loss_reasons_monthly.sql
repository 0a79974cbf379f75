{#-
    Why new-business deals are lost: lost opportunities by close month, segment
    ('all' for every segment) and loss reason, with each reason's share of the losses
    of its month and segment. Duplicate records closed as lost are not losses (DD02).
    Unknown is not zero: a lost deal without an amount adds nothing to lost_amount, so
    the amount of a reason whose deals all lack one is NULL (missing_amount_count says
    how many are missing; a partial amount is the sum of the known ones).
-#}

with

opportunities as (

    select
        opportunity_id,
        segment,
        close_month,
        is_closed,
        is_won,
        loss_reason,
        amount_reporting,
        is_in_sales_metrics

    from {{ ref('int_opportunities') }}

),

months as (

    {{ report_month_starts() }}

),

lost_opportunities as (

    select
        opportunities.opportunity_id,
        opportunities.segment,
        opportunities.close_month,
        coalesce(opportunities.loss_reason, 'unknown') as loss_reason,
        opportunities.amount_reporting

    from opportunities

    inner join months
        on opportunities.close_month = months.month_start

    where
        opportunities.is_in_sales_metrics
        and opportunities.is_closed
        and not opportunities.is_won

),

lost_by_segment as (

    -- each segment, and 'all' over the segments
    {%- for segment_expression in ['segment', "'all'"] %}

        select
            close_month,
            {{ segment_expression }} as segment,
            loss_reason,
            count(*) as lost_count,
            count(*) - count(amount_reporting) as missing_amount_count,
            sum(amount_reporting) as lost_amount

        from lost_opportunities

        group by 1, 2, 3
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

shares_calculated as (

    select
        {{ surrogate_key(['close_month', 'segment', 'loss_reason']) }}
            as loss_reasons_monthly_id,
        cast(close_month as date) as month_start,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(loss_reason as {{ dbt.type_string() }}) as loss_reason,
        cast(lost_count as integer) as lost_count,
        cast(lost_amount as decimal(18, 4)) as lost_amount,
        cast(missing_amount_count as integer) as missing_amount_count,
        cast(lost_count as {{ type_double() }})
        / nullif(sum(lost_count) over (partition by close_month, segment), 0)
            as share_of_losses,
        cast(lost_amount as {{ type_double() }})
        / nullif(sum(lost_amount) over (partition by close_month, segment), 0)
            as share_of_lost_amount

    from lost_by_segment

)

select * from shares_calculated
