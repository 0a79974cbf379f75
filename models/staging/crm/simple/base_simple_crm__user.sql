{#-
    The raw crm.user table in the simple CRM layout (var crm_layout: simple): one user per
    owner named on a deal or an account (id = name = the owner text). A deal without an owner
    belongs to the 'unassigned' owner in staging, which is not a user.
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'simple') }}

with

owners as (

    select nullif(trim(owner_id), '') as owner_id from {{ ref('base_simple_crm__opportunity') }}

    union

    select owner_id from {{ ref('base_simple_crm__account') }}

),

users_derived as (

    select distinct
        owner_id as id,
        owner_id as name,
        cast(null as {{ type_text() }}) as email,
        cast(null as {{ type_text() }}) as title,
        cast(null as {{ type_text() }}) as department,
        cast(null as {{ type_text() }}) as division,
        cast(null as {{ type_text() }}) as manager_id,
        cast(null as {{ type_text() }}) as user_role_id,
        true as is_active,
        cast(null as {{ type_text() }}) as created_date,
        cast(null as date) as start_date_c,
        false as _fivetran_deleted

    from owners

    where owner_id is not null and owner_id != {{ unassigned_owner_id() }}

)

select * from users_derived
