{{ config(materialized='table') }}

{#-
    Every raw CRM user, typed once (team from department, segment from division), with its
    reject_reason (NULL = kept in stg_crm__users): soft_deleted. is_manager: a kept user
    manages at least one kept user.
-#}

with

source as (

    select * from {{ raw_source('crm', 'user') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as user_id,
        cast(source.manager_id as {{ type_text() }}) as manager_user_id,
        cast(source.user_role_id as {{ type_text() }}) as user_role_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as user_name,
        lower(trim(cast(source.email as {{ type_text() }}))) as email,
        trim(cast(source.title as {{ type_text() }})) as title,
        trim(cast(source.department as {{ type_text() }})) as team_name,
        {{ lookup_key('source.division') }} as segment_key,

        -- booleans
        cast(source.is_active as boolean) as is_active,
        coalesce(cast(source._fivetran_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        cast(cast(source.start_date_c as {{ type_text() }}) as date) as start_date,
        {{ utc_timestamp('source.created_date') }} as created_at,

        -- raw text of the deciding column (stg_crm__users_rejects)
        cast(source._fivetran_deleted as {{ type_text() }}) as raw_fivetran_deleted

    from source

),

classified as (

    select
        renamed.*,
        segment_mapping.segment,
        case
            when renamed.is_deleted then 'soft_deleted'
        end as reject_reason

    from renamed

    {{ segment_mapping_join('renamed') }}

),

managers_flagged as (

    select
        *,
        user_id in (
            select reports.manager_user_id
            from classified as reports
            where reports.{{ kept_rows() }} and reports.manager_user_id is not null
        ) as is_manager

    from classified

)

select * from managers_flagged
