{{ config(materialized='table') }}

{#-
    Every raw CRM campaign, typed once (channel from the ad platform when there is one, else
    the campaign type), with its reject_reason (NULL = kept in stg_crm__campaigns):
    soft_deleted.
-#}

with

source as (

    select * from {{ raw_source('crm', 'campaign') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as campaign_id,
        nullif(trim(cast(source.ad_campaign_id_c as {{ type_text() }})), '') as ad_campaign_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as campaign_name,
        trim(cast(source.type as {{ type_text() }})) as campaign_type,
        lower(trim(cast(source.status as {{ type_text() }}))) as status,
        nullif(lower(trim(cast(source.ad_platform_c as {{ type_text() }}))), '') as ad_platform,
        {{ lookup_key(
            'coalesce(nullif(trim(cast(source.ad_platform_c as ' ~ type_text() ~ ')), \'\'), source.type)'
        ) }} as channel_key,

        -- numerics
        cast(source.budgeted_cost as decimal(18, 4)) as budgeted_cost,
        cast(source.actual_cost as decimal(18, 4)) as actual_cost,

        -- booleans
        coalesce(cast(source.is_active as boolean), false) as is_active,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates
        {{ company_date('source.start_date') }} as start_date,
        {{ company_date('source.end_date') }} as end_date,

        -- raw text of the deciding column (stg_crm__campaigns_rejects)
        {{ raw_text_columns(['is_deleted']) }}

    from source

),

classified as (

    select
        renamed.*,
        channel_mapping.channel,
        case
            when renamed.is_deleted then 'soft_deleted'
        end as reject_reason

    from renamed

    {{ channel_mapping_join('renamed') }}

)

select * from classified
