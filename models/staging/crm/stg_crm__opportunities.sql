{#-
    CRM opportunities with canonical stage, type, status and channel. close_date is NULL
    unless the deal is closed; the CRM's date for open deals is only expected_close_date
    (WR01). Dates are in the company time zone (TZ01). Duplicate records (loss reason
    'Duplicate', DD02), soft-deleted and test rows are in stg_crm__opportunities_rejects (so
    are deals whose stage or type is unknown, when var unknown_enum_severity sets
    crm.opportunity to warn).
-#}

with

opportunities as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        opportunity_name,
        opp_type_key,
        opp_type,
        stage_key,
        stage_name,
        stage_order,
        status,
        is_closed,
        is_won,
        amount,
        currency,
        probability,
        created_at,
        created_date,
        close_date,
        expected_close_date,
        loss_reason,
        lead_source,
        lead_source_key,
        channel,
        campaign_id,
        forecast_category,
        renewal_due_date,
        prior_arr

    from {{ ref('base_crm__opportunities_classified') }}
    where {{ kept_rows() }}

)

select * from opportunities
