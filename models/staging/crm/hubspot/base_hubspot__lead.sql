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
        cast(contacts.id as varchar) as id,
        cast(contacts.property_email as varchar) as email,
        cast(contacts.property_firstname as varchar) as first_name,
        cast(contacts.property_lastname as varchar) as last_name,
        cast(contacts.property_company as varchar) as company,
        cast(contacts.property_jobtitle as varchar) as title,
        cast(contacts.property_industry as varchar) as industry,
        cast(contacts.property_numemployees as bigint) as number_of_employees,
        cast(contacts.property_country as varchar) as country,
        cast(contacts.property_hs_lead_status as varchar) as status,
        cast(contacts.property_hs_analytics_source as varchar) as lead_source,
        cast(contacts.property_hubspot_owner_id as varchar) as owner_id,
        cast(contacts.property_createdate as varchar) as created_date,
        coalesce(
            lower(trim(cast(contacts.property_lifecyclestage as varchar)))
            in ('opportunity', 'customer'),
            false
        ) as is_converted,
        cast(contacts.property_hs_lifecyclestage_opportunity_date as varchar) as converted_date,
        cast(contacts.property_associatedcompanyid as varchar) as converted_account_id,
        cast(null as varchar) as converted_opportunity_id,
        coalesce(cast(contacts._fivetran_deleted as boolean), false) as is_deleted,
        cast(contacts.property_hs_lifecyclestage_salesqualifiedlead_date as varchar)
            as sales_qualified_date_c,
        -- no UTM campaign mapped from HubSpot yet: campaign attribution falls back to membership
        cast(null as varchar) as utm_campaign_c

    from contacts

)

select * from leads_shaped
