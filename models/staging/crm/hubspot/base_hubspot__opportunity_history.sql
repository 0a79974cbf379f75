{#-
    HubSpot deal stage history (Fivetran history mode table deal_stage: value = stage id) as
    the Salesforce-shaped raw crm.opportunity_history table (crm_layout hubspot). HubSpot keeps
    no history of amount and close date here: each version carries the deal's current ones.
    Stage labels come from every stage definition, deleted stages included, so a version in a
    stage deleted later keeps its label (issue 11). One row per deal_stage row.
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'hubspot') }}

with

deal_stages as (

    select * from {{ filled_source('crm', 'deal_stage') }}

),

deals as (

    select * from {{ filled_source('crm', 'deal') }}

),

pipeline_stages as (

    select * from {{ filled_source('crm', 'deal_pipeline_stage') }}

),

stage_definitions as (

    {{ hubspot_stage_definitions('pipeline_stages') }}

),

history_shaped as (

    select
        cast(deal_stages.deal_id as {{ type_text() }}) as id,
        cast(deal_stages._fivetran_start as {{ type_text() }}) as _fivetran_start,
        cast(deal_stages._fivetran_end as {{ type_text() }}) as _fivetran_end,
        coalesce(cast(deal_stages._fivetran_active as boolean), false) as _fivetran_active,
        stage_definitions.stage_label as stage_name,
        cast(deals.property_amount as decimal(18, 4)) as amount,
        cast(round(stage_definitions.stage_probability * 100) as bigint) as probability,
        cast(deals.property_closedate as {{ type_text() }}) as close_date,
        false as is_deleted

    from deal_stages

    left join stage_definitions
        on cast(deal_stages.value as {{ type_text() }}) = stage_definitions.stage_id

    left join deals
        on cast(deal_stages.deal_id as {{ type_text() }}) = cast(deals.deal_id as {{ type_text() }})

)

select * from history_shaped
