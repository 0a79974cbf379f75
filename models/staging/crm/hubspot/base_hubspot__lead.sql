{#-
    HubSpot contacts as the Salesforce-shaped raw crm.lead table (crm_layout hubspot): lead
    source from hs_analytics_source, conversion from the lifecycle stage (opportunity or
    customer; converted on hs_lifecyclestage_opportunity_date), SQL date from
    hs_lifecyclestage_salesqualifiedlead_date.
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'hubspot') }}

with

contacts as (

    select * from {{ filled_source('crm', 'contact') }}

),

leads_shaped as (

    select
        cast(contacts.id as {{ type_text() }}) as id,
        cast(contacts.property_email as {{ type_text() }}) as email,
        cast(contacts.property_firstname as {{ type_text() }}) as first_name,
        cast(contacts.property_lastname as {{ type_text() }}) as last_name,
        cast(contacts.property_company as {{ type_text() }}) as company,
        cast(contacts.property_jobtitle as {{ type_text() }}) as title,
        cast(contacts.property_industry as {{ type_text() }}) as industry,
        cast(contacts.property_numemployees as bigint) as number_of_employees,
        cast(contacts.property_country as {{ type_text() }}) as country,
        cast(contacts.property_hs_lead_status as {{ type_text() }}) as status,
        cast(contacts.property_hs_analytics_source as {{ type_text() }}) as lead_source,
        cast(contacts.property_hubspot_owner_id as {{ type_text() }}) as owner_id,
        cast(contacts.property_createdate as {{ type_text() }}) as created_date,
        coalesce(
            lower(trim(cast(contacts.property_lifecyclestage as {{ type_text() }})))
            in ('opportunity', 'customer'),
            false
        ) as is_converted,
        cast(contacts.property_hs_lifecyclestage_opportunity_date as {{ type_text() }})
            as converted_date,
        cast(contacts.property_associatedcompanyid as {{ type_text() }}) as converted_account_id,
        cast(null as {{ type_text() }}) as converted_opportunity_id,
        coalesce(cast(contacts._fivetran_deleted as boolean), false) as is_deleted,
        cast(contacts.property_hs_lifecyclestage_salesqualifiedlead_date as {{ type_text() }})
            as sales_qualified_date_c,
        -- no UTM campaign mapped from HubSpot yet: campaign attribution falls back to membership
        cast(null as {{ type_text() }}) as utm_campaign_c

    from contacts

)

select * from leads_shaped
