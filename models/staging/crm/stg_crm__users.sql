{#- CRM users (reps and managers): team from department, segment from division. -#}

with

source as (

    select * from {{ raw_source('crm', 'user') }}

),

segment_mapping as (

    select * from {{ ref('segment_mapping') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as user_id,
        cast(source.manager_id as varchar) as manager_user_id,
        cast(source.user_role_id as varchar) as user_role_id,

        -- strings
        trim(cast(source.name as varchar)) as user_name,
        lower(trim(cast(source.email as varchar))) as email,
        trim(cast(source.title as varchar)) as title,
        trim(cast(source.department as varchar)) as team_name,
        {{ lookup_key('source.division') }} as segment_key,

        -- booleans
        cast(source.is_active as boolean) as is_active,
        coalesce(cast(source._fivetran_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        cast(cast(source.start_date_c as varchar) as date) as start_date,
        {{ utc_timestamp('source.created_date') }} as created_at

    from source

),

live_users as (

    select * from renamed
    where not is_deleted

),

segments_mapped as (

    select
        live_users.*,
        segment_mapping.segment

    from live_users

    left join segment_mapping
        on live_users.segment_key = segment_mapping.raw_segment_key

),

managers_flagged as (

    select
        segments_mapped.*,
        segments_mapped.user_id in (
            select reports.manager_user_id
            from live_users as reports
            where reports.manager_user_id is not null
        ) as is_manager

    from segments_mapped

),

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

    from managers_flagged

)

select * from users
