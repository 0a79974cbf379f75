{#- CRM campaigns; channel from the ad platform when there is one, else the campaign type. -#}

with

source as (

    select * from {{ raw_source('crm', 'campaign') }}

),

channel_mapping as (

    select * from {{ ref('channel_mapping') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as campaign_id,
        nullif(trim(cast(source.ad_campaign_id_c as varchar)), '') as ad_campaign_id,

        -- strings
        trim(cast(source.name as varchar)) as campaign_name,
        trim(cast(source.type as varchar)) as campaign_type,
        lower(trim(cast(source.status as varchar))) as status,
        nullif(lower(trim(cast(source.ad_platform_c as varchar))), '') as ad_platform,
        {{ lookup_key(
            'coalesce(nullif(trim(cast(source.ad_platform_c as varchar)), \'\'), source.type)'
        ) }} as channel_key,

        -- numerics
        cast(source.budgeted_cost as decimal(18, 4)) as budgeted_cost,
        cast(source.actual_cost as decimal(18, 4)) as actual_cost,

        -- booleans
        coalesce(cast(source.is_active as boolean), false) as is_active,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates
        {{ company_date('source.start_date') }} as start_date,
        {{ company_date('source.end_date') }} as end_date

    from source

),

live_campaigns as (

    select * from renamed
    where not is_deleted

),

channels_mapped as (

    select
        live_campaigns.*,
        channel_mapping.channel

    from live_campaigns

    left join channel_mapping
        on live_campaigns.channel_key = channel_mapping.raw_source_key

),

campaigns as (

    select
        campaign_id,
        campaign_name,
        campaign_type,
        channel_key,
        channel,
        status,
        is_active,
        start_date,
        end_date,
        budgeted_cost,
        actual_cost,
        ad_platform,
        ad_campaign_id

    from channels_mapped

)

select * from campaigns
