{#-
    The lead funnel at lead grain (G12: leads are already de-duplicated in staging):
    first MQL (first `mql` event), SQL date, first sales touch and speed to lead,
    converted opportunity and won customer, the maximum stage reached ("≥ stage",
    M11), the lead score and its band (var lead_score_band_width). A lead without any
    score event (no score_after and no score_delta) is unscored: lead score and band
    bounds NULL, band 'unscored' (M10 validation compares scored bands only).
    Speed to lead is exact elapsed seconds / 3600 (timestamps are second-precision).
    Marketing events without a lead id, or with the id of a duplicate lead, are
    matched to the kept lead by normalised e-mail.
-#}

{%- set band_width = var('lead_score_band_width') | int %}

with

leads as (

    select
        lead_id,
        email,
        company,
        lead_source,
        channel,
        is_paid_channel,
        status,
        owner_user_id,
        created_at,
        created_date,
        converted_opportunity_id,
        converted_account_id,
        sales_qualified_at,
        sales_qualified_date

    from {{ ref('stg_crm__leads') }}

),

lead_events as (

    select
        lead_event_id,
        lead_id,
        email,
        event_type,
        occurred_at,
        occurred_date,
        score_delta,
        score_after

    from {{ ref('stg_marketing__lead_events') }}

),

tasks as (

    select
        task_id,
        lead_id,
        created_at

    from {{ ref('stg_crm__tasks') }}

),

opportunities as (

    select
        opportunity_id,
        is_won,
        close_date

    from {{ ref('int_opportunities') }}

),

events_matched_to_leads as (

    select
        lead_events.lead_event_id,
        lead_events.event_type,
        lead_events.occurred_at,
        lead_events.occurred_date,
        lead_events.score_delta,
        lead_events.score_after,
        coalesce(leads_by_id.lead_id, leads_by_email.lead_id) as lead_id

    from lead_events

    left join leads as leads_by_id
        on lead_events.lead_id = leads_by_id.lead_id

    left join leads as leads_by_email
        on lead_events.email = leads_by_email.email

),

events_ranked as (

    select
        *,
        row_number() over (
            partition by lead_id
            order by
                case when score_after is null then 1 else 0 end,
                occurred_at desc,
                lead_event_id desc
        ) as score_recency_rank

    from events_matched_to_leads

    where lead_id is not null

),

events_per_lead as (

    select
        lead_id,
        min(case when event_type = 'mql' then occurred_at end) as mql_at,
        min(case when event_type = 'mql' then occurred_date end) as mql_date,
        count(case when event_type = 'lead_magnet_download' then 1 end)
            as lead_magnet_download_count,
        max(case when score_recency_rank = 1 then score_after end) as latest_score_after,
        sum(score_delta) as total_score_delta,
        count(score_after) + count(score_delta) as score_event_count

    from events_ranked

    group by 1

),

leads_with_events as (

    select
        leads.*,
        events_per_lead.mql_at,
        events_per_lead.mql_date,
        coalesce(events_per_lead.lead_magnet_download_count, 0) as lead_magnet_download_count,
        coalesce(events_per_lead.score_event_count, 0) > 0 as is_scored,
        coalesce(
            events_per_lead.latest_score_after, events_per_lead.total_score_delta
        ) as lead_score

    from leads

    left join events_per_lead
        on leads.lead_id = events_per_lead.lead_id

),

first_touches as (

    select
        leads_with_events.lead_id,
        min(tasks.created_at) as first_sales_touch_at,
        min(case when tasks.created_at >= leads_with_events.mql_at then tasks.created_at end)
            as first_sales_touch_after_mql_at

    from leads_with_events

    inner join tasks
        on leads_with_events.lead_id = tasks.lead_id

    group by 1

),

funnel_assembled as (

    select
        leads_with_events.*,
        first_touches.first_sales_touch_at,
        first_touches.first_sales_touch_after_mql_at,
        opportunities.opportunity_id,
        coalesce(
            opportunities.is_won and opportunities.close_date <= {{ as_of_date() }}, false
        ) as is_customer,
        case when opportunities.is_won then opportunities.close_date end as customer_won_date

    from leads_with_events

    left join first_touches
        on leads_with_events.lead_id = first_touches.lead_id

    left join opportunities
        on leads_with_events.converted_opportunity_id = opportunities.opportunity_id

),

stages_assigned as (

    select
        *,
        case
            when is_customer then 5
            when opportunity_id is not null then 4
            when sales_qualified_date is not null then 3
            when mql_date is not null then 2
            else 1
        end as max_stage_order,
        case
            when is_scored
                then cast(floor(lead_score / {{ band_width }}.0) * {{ band_width }} as integer)
        end as score_band_lower

    from funnel_assembled

),

lead_funnel as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast({{ pii_hash('email') }} as {{ dbt.type_string() }}) as email_hash,
        cast(company as {{ dbt.type_string() }}) as company,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(coalesce(channel, 'unknown') as {{ dbt.type_string() }}) as channel,
        cast(coalesce(is_paid_channel, false) as boolean) as is_paid_channel,
        cast(status as {{ dbt.type_string() }}) as lead_status,
        cast(owner_user_id as {{ dbt.type_string() }}) as owner_user_id,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(created_date as date) as created_date,
        {{ month_start('created_date') }} as created_month,
        cast(mql_at as {{ dbt.type_timestamp() }}) as mql_at,
        cast(mql_date as date) as mql_date,
        cast(sales_qualified_at as {{ dbt.type_timestamp() }}) as sql_at,
        cast(sales_qualified_date as date) as sql_date,
        cast(
            sales_qualified_date is not null
            and (mql_date is null or mql_date > sales_qualified_date) as boolean
        ) as is_sales_sourced_sql,
        cast(first_sales_touch_at as {{ dbt.type_timestamp() }}) as first_sales_touch_at,
        cast(first_sales_touch_after_mql_at as {{ dbt.type_timestamp() }})
            as first_sales_touch_after_mql_at,
        cast(
            {{ dbt.datediff('mql_at', 'first_sales_touch_after_mql_at', 'second') }} / 3600.0  -- noqa: LT05
            as {{ type_double() }}
        ) as speed_to_lead_hours,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(converted_account_id as {{ dbt.type_string() }}) as converted_account_id,
        cast(is_customer as boolean) as is_customer,
        cast(customer_won_date as date) as customer_won_date,
        cast(max_stage_order as integer) as max_stage_order,
        cast(
            case max_stage_order
                when 5 then 'customer'
                when 4 then 'opportunity'
                when 3 then 'sql'
                when 2 then 'mql'
                else 'lead'
            end as {{ dbt.type_string() }}
        ) as max_stage_name,
        cast(lead_magnet_download_count as integer) as lead_magnet_download_count,
        cast(is_scored as boolean) as is_scored,
        cast(lead_score as integer) as lead_score,
        cast(score_band_lower as integer) as score_band_lower,
        cast(score_band_lower + {{ band_width - 1 }} as integer) as score_band_upper,
        cast(
            case
                when is_scored
                    then
                        cast(score_band_lower as {{ dbt.type_string() }})
                        || ' to '
                        || cast(score_band_lower + {{ band_width - 1 }} as {{ dbt.type_string() }})
                else 'unscored'
            end as {{ dbt.type_string() }}
        ) as score_band

    from stages_assigned

)

select * from lead_funnel
