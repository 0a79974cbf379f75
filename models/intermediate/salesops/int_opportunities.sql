{#-
    Every CRM opportunity (all types), enriched once for every SalesOps metric:
    amount in the reporting currency (FX of the close month, or of the created
    month while open), segment, channel (own lead source, else the earliest linked
    lead's channel, else 'unknown'), owner and team, the earliest linked
    de-duplicated lead, sales-cycle and time-to-close days (D13, D14, M14), and
    the flags that decide which metric populations an opportunity enters (G9,
    DD02 duplicates, negative cycles).
    CRM history is the source of truth for the closed date: a closed deal's close_date is
    the day its stage history last entered a closed stage (int_opportunity_close_dates_from_history);
    the CRM field stays as crm_close_date and is the fall-back only where the history holds
    no closing (close_date_source 'crm_field', counted by a warn test).
-#}

with

opportunities as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        opportunity_name,
        opp_type,
        stage_name,
        stage_order,
        status,
        is_closed,
        is_won,
        amount,
        currency,
        probability,
        created_date,
        close_date,
        expected_close_date,
        loss_reason,
        lead_source,
        channel,
        campaign_id,
        forecast_category

    from {{ ref('stg_crm__opportunities') }}

),

close_dates_from_history as (

    select
        opportunity_id,
        history_close_date

    from {{ ref('int_opportunity_close_dates_from_history') }}

),

close_dates_chosen as (

    select
        opportunities.opportunity_id,
        opportunities.close_date as crm_close_date,
        case
            when opportunities.is_closed
                then coalesce(close_dates_from_history.history_close_date, opportunities.close_date)
        end as close_date,
        case
            when opportunities.is_closed and close_dates_from_history.history_close_date is not null
                then 'history'
            when opportunities.is_closed then 'crm_field'
        end as close_date_source,
        case
            when opportunities.is_closed
                then {{ dbt.datediff(
                    'close_dates_from_history.history_close_date', 'opportunities.close_date', 'day'
                ) }}
        end as crm_close_date_gap_days

    from opportunities

    left join close_dates_from_history
        on opportunities.opportunity_id = close_dates_from_history.opportunity_id

),

accounts as (

    select
        account_id,
        segment

    from {{ ref('stg_crm__accounts') }}

),

users as (

    select
        user_id,
        team_name

    from {{ ref('stg_crm__users') }}

),

leads as (

    select
        lead_id,
        channel,
        created_date,
        converted_opportunity_id

    from {{ ref('stg_crm__leads') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

leads_ranked_per_opportunity as (

    select
        converted_opportunity_id as opportunity_id,
        lead_id,
        channel as lead_channel,
        created_date as lead_created_date,
        row_number() over (
            partition by converted_opportunity_id
            order by created_date, lead_id
        ) as lead_rank

    from leads

    where converted_opportunity_id is not null

),

earliest_lead_per_opportunity as (

    select
        opportunity_id,
        lead_id,
        lead_channel,
        lead_created_date

    from leads_ranked_per_opportunity

    where lead_rank = 1

),

opportunities_enriched as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.owner_user_id,
        opportunities.opportunity_name,
        opportunities.opp_type,
        opportunities.stage_name,
        opportunities.stage_order,
        opportunities.status,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.currency,
        opportunities.probability,
        opportunities.created_date,
        close_dates_chosen.close_date,
        close_dates_chosen.crm_close_date,
        close_dates_chosen.close_date_source,
        close_dates_chosen.crm_close_date_gap_days,
        opportunities.expected_close_date,
        opportunities.loss_reason,
        opportunities.lead_source,
        opportunities.campaign_id,
        opportunities.forecast_category,
        earliest_lead_per_opportunity.lead_id,
        earliest_lead_per_opportunity.lead_created_date as raw_lead_created_date,
        coalesce(accounts.segment, 'unknown') as segment,
        -- the deal's own lead-source channel, else its earliest lead's; 'unknown' (a blank
        -- or unmapped source) counts as missing at each step
        coalesce(
            nullif(opportunities.channel, 'unknown'),
            nullif(earliest_lead_per_opportunity.lead_channel, 'unknown'),
            'unknown'
        ) as channel,
        coalesce(users.team_name, 'unknown') as team_name,
        cast(opportunities.amount as decimal(18, 4)) as amount_native,
        {{ month_start('opportunities.created_date') }} as created_month,
        {{ month_start('close_dates_chosen.close_date') }} as close_month,
        -- FX at the close date (month rate); open deals use the created month (G5, M12)
        {{ month_start('coalesce(close_dates_chosen.close_date, opportunities.created_date)') }}
            as fx_month

    from opportunities

    inner join close_dates_chosen
        on opportunities.opportunity_id = close_dates_chosen.opportunity_id

    left join accounts
        on opportunities.account_id = accounts.account_id

    left join users
        on opportunities.owner_user_id = users.user_id

    left join earliest_lead_per_opportunity
        on opportunities.opportunity_id = earliest_lead_per_opportunity.opportunity_id

),

amounts_converted as (

    select
        opportunities_enriched.*,
        fx_rates.rate_to_reporting as fx_rate_to_reporting

    from opportunities_enriched

    left join fx_rates
        on
            opportunities_enriched.currency = fx_rates.currency
            and opportunities_enriched.fx_month = fx_rates.month_start

),

durations_calculated as (

    select
        *,
        -- M14 edge case: a lead linked after the opportunity starts at the opportunity
        case
            when raw_lead_created_date is not null
                then least(raw_lead_created_date, created_date)
        end as lead_created_date,
        case
            when is_closed
                then {{ dbt.datediff('created_date', 'close_date', 'day') }}
        end as cycle_days

    from amounts_converted

),

flags_assigned as (

    select
        *,
        case
            when is_won and lead_created_date is not null
                then {{ dbt.datediff('lead_created_date', 'close_date', 'day') }}
        end as time_to_close_days,
        opp_type = 'new' as is_new_business,
        coalesce(loss_reason = 'duplicate', false) as is_duplicate,
        coalesce(cycle_days < 0, false) as has_negative_cycle

    from durations_calculated

),

opportunities_final as (

    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(owner_user_id as {{ dbt.type_string() }}) as owner_user_id,
        cast(team_name as {{ dbt.type_string() }}) as team_name,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(opportunity_name as {{ dbt.type_string() }}) as opportunity_name,
        cast(opp_type as {{ dbt.type_string() }}) as opp_type,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(stage_order as integer) as stage_order,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(is_closed as boolean) as is_closed,
        cast(is_won as boolean) as is_won,
        cast(loss_reason as {{ dbt.type_string() }}) as loss_reason,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(forecast_category as {{ dbt.type_string() }}) as forecast_category,
        cast(currency as {{ dbt.type_string() }}) as currency,
        cast(amount_native as decimal(18, 4)) as amount_native,
        cast(fx_rate_to_reporting as {{ type_double() }}) as fx_rate_to_reporting,
        {{ convert_to_reporting('amount_native', 'fx_rate_to_reporting') }} as amount_reporting,
        cast(probability as {{ type_double() }}) as probability,
        cast(created_date as date) as created_date,
        cast(created_month as date) as created_month,
        cast(close_date as date) as close_date,
        cast(close_month as date) as close_month,
        cast(crm_close_date as date) as crm_close_date,
        cast(close_date_source as {{ dbt.type_string() }}) as close_date_source,
        cast(crm_close_date_gap_days as integer) as crm_close_date_gap_days,
        cast(coalesce(crm_close_date_gap_days <> 0, false) as boolean) as has_stale_crm_close_date,
        cast(expected_close_date as date) as expected_close_date,
        cast(lead_created_date as date) as lead_created_date,
        cast(cycle_days as integer) as cycle_days,
        cast(time_to_close_days as integer) as time_to_close_days,
        cast(
            case
                when is_won
                    then
                        {{ dbt.datediff(
                            'coalesce(lead_created_date, created_date)', 'close_date', 'day'
                        ) }}
            end as integer
        ) as time_to_close_days_with_fallback,
        cast(is_new_business as boolean) as is_new_business,
        cast(is_duplicate as boolean) as is_duplicate,
        cast(has_negative_cycle as boolean) as has_negative_cycle,
        -- the population of every new-business SalesOps metric (G9, DD02)
        cast(is_new_business and not is_duplicate as boolean) as is_in_sales_metrics,
        -- the population of cycle and time-to-close averages (M13: negative = data error)
        cast(is_new_business and not is_duplicate and not has_negative_cycle as boolean)
            as is_in_cycle_metrics

    from flags_assigned

)

select * from opportunities_final
