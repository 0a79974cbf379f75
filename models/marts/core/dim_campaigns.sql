{#-
    CRM campaigns: the name and channel beside each campaign id, so a campaign slice
    (fct_marketing_roi_monthly, and its published one-grain table) reads as a name
    rather than a CRM id. Only live campaigns (staging drops deleted and test rows).
-#}

with

campaigns as (

    select
        campaign_id,
        campaign_name,
        campaign_type,
        channel,
        start_date,
        end_date

    from {{ ref('stg_crm__campaigns') }}

),

campaign_names as (

    select
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(campaign_type as {{ dbt.type_string() }}) as campaign_type,
        cast(coalesce(channel, 'unknown') as {{ dbt.type_string() }}) as channel,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date

    from campaigns

)

select * from campaign_names
