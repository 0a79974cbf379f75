{#-
    Published fct_opportunities: the columns of int_opportunities, where the logic lives
    (models/intermediate/salesops/int_opportunities.sql). This mart is the contracted interface.
-#}

with

opportunities as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        team_name,
        segment,
        channel,
        lead_id,
        opportunity_name,
        opp_type,
        stage_name,
        stage_order,
        status,
        is_closed,
        is_won,
        loss_reason,
        lead_source,
        campaign_id,
        forecast_category,
        currency,
        amount_native,
        fx_rate_to_reporting,
        amount_reporting,
        probability,
        created_date,
        created_month,
        close_date,
        close_month,
        expected_close_date,
        lead_created_date,
        cycle_days,
        time_to_close_days,
        time_to_close_days_with_fallback,
        is_new_business,
        is_duplicate,
        has_negative_cycle,
        is_in_sales_metrics,
        is_in_cycle_metrics

    from {{ ref('int_opportunities') }}

)

select * from opportunities
