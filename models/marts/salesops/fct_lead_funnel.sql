{#-
    Published fct_lead_funnel: the columns of int_lead_funnel, where the logic lives
    (models/intermediate/salesops/int_lead_funnel.sql). This mart is the contracted interface.
-#}

with

lead_funnel as (

    select
        lead_id,
        email_hash,
        company,
        lead_source,
        channel,
        is_paid_channel,
        lead_status,
        owner_user_id,
        created_at,
        created_date,
        created_month,
        mql_at,
        mql_date,
        sql_at,
        sql_date,
        is_sales_sourced_sql,
        first_sales_touch_at,
        first_sales_touch_after_mql_at,
        speed_to_lead_hours,
        opportunity_id,
        converted_account_id,
        is_customer,
        customer_won_date,
        max_stage_order,
        max_stage_name,
        lead_magnet_download_count,
        is_scored,
        lead_score,
        score_band_lower,
        score_band_upper,
        score_band

    from {{ ref('int_lead_funnel') }}

)

select * from lead_funnel
