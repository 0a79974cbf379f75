{#- CRM users (reps and managers): team from department, segment from division. -#}

with

users as (

    select
        user_id,
        user_name,
        email,
        title,
        team_name,
        segment_key,
        segment,
        manager_user_id,
        user_role_id,
        is_active,
        is_manager,
        start_date,
        created_at

    from {{ ref('base_crm__users_classified') }}
    where {{ kept_rows() }}

)

select * from users
