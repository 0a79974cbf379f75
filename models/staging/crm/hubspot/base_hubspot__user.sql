{#-
    HubSpot owners as the Salesforce-shaped raw crm.user table (crm_layout hubspot). HubSpot has
    no team, segment, manager or start date: those are NULL (segment 'unknown').
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'hubspot') }}

with

owners as (

    select * from {{ filled_source('crm', 'owner') }}

),

users_shaped as (

    select
        cast(owners.owner_id as {{ type_text() }}) as id,
        nullif(
            trim(
                coalesce(cast(owners.first_name as {{ type_text() }}), '')
                || ' '
                || coalesce(cast(owners.last_name as {{ type_text() }}), '')
            ),
            ''
        ) as name,  -- noqa: RF04
        cast(owners.email as {{ type_text() }}) as email,
        cast(null as {{ type_text() }}) as title,
        cast(null as {{ type_text() }}) as department,
        cast(null as {{ type_text() }}) as division,
        cast(null as {{ type_text() }}) as manager_id,
        cast(null as {{ type_text() }}) as user_role_id,
        coalesce(cast(owners.is_active as boolean), true) as is_active,
        cast(owners.created_at as {{ type_text() }}) as created_date,
        cast(null as date) as start_date_c,
        coalesce(cast(owners._fivetran_deleted as boolean), false) as _fivetran_deleted

    from owners

)

select * from users_shaped
