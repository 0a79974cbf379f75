{#-
    HubSpot deals as the Salesforce-shaped raw crm.opportunity table (crm_layout hubspot). The
    stage is the label of the deal's pipeline stage (deal_pipeline_stage, deleted stages
    included so they keep their label; HubSpot probability 0-1 becomes a Salesforce
    percentage), the account the deal's first associated company (deal_company, lowest
    company id). One row per deal.
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'hubspot') }}

with

deals as (

    select * from {{ filled_source('crm', 'deal') }}

),

pipeline_stages as (

    select * from {{ filled_source('crm', 'deal_pipeline_stage') }}

),

deal_companies as (

    select * from {{ filled_source('crm', 'deal_company') }}

),

stage_definitions as (

    {{ hubspot_stage_definitions('pipeline_stages') }}

),

first_companies as (

    select
        cast(deal_id as {{ type_text() }}) as deal_id,
        min(cast(company_id as {{ type_text() }})) as company_id

    from deal_companies
    group by 1

),

opportunities_shaped as (

    select
        cast(deals.deal_id as {{ type_text() }}) as id,
        cast(deals.property_dealname as {{ type_text() }}) as name,  -- noqa: RF04
        first_companies.company_id as account_id,
        cast(deals.owner_id as {{ type_text() }}) as owner_id,
        cast(deals.property_dealtype as {{ type_text() }}) as type,  -- noqa: RF04
        stage_definitions.stage_label as stage_name,
        cast(deals.property_amount as decimal(18, 4)) as amount,
        cast(deals.property_deal_currency_code as {{ type_text() }}) as currency_iso_code,
        cast(round(stage_definitions.stage_probability * 100) as bigint) as probability,
        cast(deals.property_createdate as {{ type_text() }}) as created_date,
        cast(deals.property_closedate as {{ type_text() }}) as close_date,
        cast(null as boolean) as is_closed,
        cast(null as boolean) as is_won,
        cast(deals.property_hs_analytics_source as {{ type_text() }}) as lead_source,
        cast(null as {{ type_text() }}) as campaign_id,
        cast(deals.property_hs_forecast_category as {{ type_text() }}) as forecast_category_name,
        coalesce(cast(deals.is_deleted as boolean), false) as is_deleted,
        cast(deals.property_closed_lost_reason as {{ type_text() }}) as loss_reason_c,
        cast(null as date) as renewal_due_date_c,
        cast(null as decimal(18, 4)) as prior_arr_c

    from deals

    left join stage_definitions
        on cast(deals.deal_pipeline_stage_id as {{ type_text() }}) = stage_definitions.stage_id

    left join first_companies
        on cast(deals.deal_id as {{ type_text() }}) = first_companies.deal_id

)

select * from opportunities_shaped
