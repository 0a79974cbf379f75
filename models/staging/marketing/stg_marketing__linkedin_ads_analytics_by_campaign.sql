{#- LinkedIn Ads daily campaign cost in the local currency (cost_in_usd kept alongside). -#}

with

source as (

    select * from {{ raw_source('marketing', 'linkedin_ads_analytics_by_campaign') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.campaign_id', 'source.day']) }} as ad_campaign_day_id,
        cast(source.campaign_id as varchar) as ad_campaign_id,

        -- strings
        upper(trim(cast(source.currency as varchar))) as currency,

        -- numerics
        cast(source.cost_in_local_currency as decimal(18, 4)) as spend_amount,
        cast(source.cost_in_usd as decimal(18, 4)) as spend_amount_usd,
        cast(source.clicks as integer) as clicks,
        cast(source.impressions as integer) as impressions,

        -- dates
        cast(cast(source.day as varchar) as date) as spend_date

    from source

)

select * from renamed
