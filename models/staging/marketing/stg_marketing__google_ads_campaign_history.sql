{#- Google Ads campaign versions; is_latest marks the current name, status and currency. -#}

with

source as (

    select * from {{ raw_source('marketing', 'google_ads_campaign_history') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.id', 'source.updated_at']) }} as ad_campaign_version_id,
        cast(source.id as varchar) as ad_campaign_id,
        cast(source.customer_id as varchar) as ad_account_id,

        -- strings
        trim(cast(source.name as varchar)) as ad_campaign_name,
        lower(trim(cast(source.status as varchar))) as status,
        upper(trim(cast(source.currency_code as varchar))) as currency,

        -- timestamps
        {{ utc_timestamp('source.updated_at') }} as updated_at

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
