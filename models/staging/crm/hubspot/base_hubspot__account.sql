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
        cast(companies.id as {{ type_text() }}) as id,
        cast(companies.property_name as {{ type_text() }}) as name,  -- noqa: RF04
        cast(companies.property_industry as {{ type_text() }}) as industry,
        case
            when length(trim(cast(companies.property_country as {{ type_text() }}))) = 2
                then cast(companies.property_country as {{ type_text() }})
        end as billing_country_code,
        cast(companies.property_numberofemployees as bigint) as number_of_employees,
        cast(companies.property_type as {{ type_text() }}) as type,  -- noqa: RF04
        cast(companies.property_hubspot_owner_id as {{ type_text() }}) as owner_id,
        cast(null as {{ type_text() }}) as account_source,
        cast(companies.property_createdate as {{ type_text() }}) as created_date,
        coalesce(cast(companies.is_deleted as boolean), false) as is_deleted,
        cast(null as {{ type_text() }}) as segment_c,
        cast(null as {{ type_text() }}) as stripe_customer_id_c

    from companies

)

select * from accounts_shaped
