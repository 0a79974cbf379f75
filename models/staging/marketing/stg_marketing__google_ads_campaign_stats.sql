{#- Google Ads daily campaign cost; cost_micros / 1,000,000 = cost in the account currency. -#}

with

source as (

    select * from {{ raw_source('marketing', 'google_ads_campaign_stats') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.id', 'source.date']) }} as ad_campaign_day_id,
        cast(source.id as varchar) as ad_campaign_id,
        cast(source.customer_id as varchar) as ad_account_id,

        -- numerics
        cast(cast(source.cost_micros as decimal(18, 4)) / 1000000 as decimal(18, 4))
            as spend_amount,
        cast(source.clicks as integer) as clicks,
        cast(source.impressions as integer) as impressions,

        -- dates
        cast(cast(source.date as varchar) as date) as spend_date

    from source

)

select * from renamed
