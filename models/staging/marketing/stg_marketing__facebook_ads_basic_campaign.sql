{#- Facebook Ads daily campaign spend, in the ad account's currency. -#}

with

source as (

    select * from {{ raw_source('marketing', 'facebook_ads_basic_campaign') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.campaign_id', 'source.date']) }} as ad_campaign_day_id,
        cast(source.campaign_id as varchar) as ad_campaign_id,
        cast(source.account_id as varchar) as ad_account_id,

        -- strings
        upper(trim(cast(source.account_currency as varchar))) as currency,

        -- numerics
        cast(source.spend as decimal(18, 4)) as spend_amount,
        cast(source.inline_link_clicks as integer) as clicks,
        cast(source.impressions as integer) as impressions,

        -- dates
        cast(cast(source.date as varchar) as date) as spend_date

    from source

)

select * from renamed
