{#-
    Sales reps and every other CRM user who can own an opportunity or a quota: the
    one home of the rep attributes (team, segment, manager, start date) that
    SalesOps and RevOps slices use. Display names stay (reps are named in coaching
    reports); their e-mail stays in staging (no PII in marts).
-#}

with

users as (

    select
        user_id,
        user_name,
        title,
        team_name,
        segment,
        manager_user_id,
        is_active,
        is_manager,
        start_date

    from {{ ref('stg_crm__users') }}

),

reps as (

    select
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(user_name as {{ dbt.type_string() }}) as user_name,
        cast(title as {{ dbt.type_string() }}) as title,
        cast(coalesce(team_name, 'unknown') as {{ dbt.type_string() }}) as team_name,
        cast(coalesce(segment, 'unknown') as {{ dbt.type_string() }}) as segment,
        cast(manager_user_id as {{ dbt.type_string() }}) as manager_user_id,
        cast(start_date as date) as start_date,
        cast(is_active as boolean) as is_active,
        cast(is_manager as boolean) as is_manager

    from users

)

select * from reps
