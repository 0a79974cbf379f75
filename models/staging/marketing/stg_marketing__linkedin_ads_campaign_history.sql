{#- LinkedIn Ads campaign versions; is_latest marks the current name. -#}

with

source as (

    select * from {{ raw_source('marketing', 'linkedin_ads_campaign_history') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.id', 'source.last_modified_time']) }} as ad_campaign_version_id,
        cast(source.id as varchar) as ad_campaign_id,
        cast(source.account_id as varchar) as ad_account_id,

        -- strings
        trim(cast(source.name as varchar)) as ad_campaign_name,

        -- timestamps
        {{ utc_timestamp('source.last_modified_time') }} as updated_at

    from source

),

latest_flagged as (

    select
        *,
        row_number() over (
            partition by ad_campaign_id
            order by updated_at desc
        ) = 1 as is_latest

    from renamed

)

select * from latest_flagged
