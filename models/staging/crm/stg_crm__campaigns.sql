{#- CRM campaigns; channel from the ad platform when there is one, else the campaign type. -#}

with

campaigns as (

    select
        campaign_id,
        campaign_name,
        campaign_type,
        channel_key,
        channel,
        status,
        is_active,
        start_date,
        end_date,
        budgeted_cost,
        actual_cost,
        ad_platform,
        ad_campaign_id

    from {{ ref('base_crm__campaigns_classified') }}
    where {{ kept_rows() }}

)

select * from campaigns
