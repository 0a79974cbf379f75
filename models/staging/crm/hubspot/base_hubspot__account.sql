{#-
    HubSpot companies as the Salesforce-shaped raw crm.account table (crm_layout hubspot).
    country_code is kept only when HubSpot holds a two-letter code; there is no segment or
    Stripe link property in a standard portal (NULL: segment 'unknown').
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'hubspot') }}

with

companies as (

    select * from {{ filled_source('crm', 'company') }}

),

accounts_shaped as (

    select
        cast(companies.id as varchar) as id,
        cast(companies.property_name as varchar) as name,  -- noqa: RF04
        cast(companies.property_industry as varchar) as industry,
        case
            when length(trim(cast(companies.property_country as varchar))) = 2
                then cast(companies.property_country as varchar)
        end as billing_country_code,
        cast(companies.property_numberofemployees as bigint) as number_of_employees,
        cast(companies.property_type as varchar) as type,  -- noqa: RF04
        cast(companies.property_hubspot_owner_id as varchar) as owner_id,
        cast(null as varchar) as account_source,
        cast(companies.property_createdate as varchar) as created_date,
        coalesce(cast(companies.is_deleted as boolean), false) as is_deleted,
        cast(null as varchar) as segment_c,
        cast(null as varchar) as stripe_customer_id_c

    from companies

)

select * from accounts_shaped
