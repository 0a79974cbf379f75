{#-
    One row per ad-platform campaign known from spend or campaign history, with the campaign
    key and name the marketing marts group it under (issue 11 part 4): the CRM campaign that links to
    it (stg_crm__campaigns.ad_platform / ad_campaign_id; the lowest campaign_id when several
    do, as DECISIONLOG R18), else 'ad_campaign:<platform>:<id>' (named after the CRM campaign, else the ad campaign's
    current name), so spend and leads of an ad
    campaign nobody linked in the CRM are still reported, never dropped.
-#}

with

ad_spend_daily as (

    select
        ad_platform,
        ad_campaign_id

    from {{ ref('int_ad_spend_daily') }}

),

ad_campaign_names as (

    select
        ad_platform,
        ad_campaign_id,
        ad_campaign_name,
        is_current_name

    from {{ ref('int_ad_campaign_names') }}

),

crm_campaigns as (

    select
        campaign_id,
        campaign_name,
        ad_platform,
        ad_campaign_id

    from {{ ref('stg_crm__campaigns') }}

),

ad_campaigns_seen as (

    select
        ad_platform,
        ad_campaign_id
    from ad_spend_daily

    union

    select
        ad_platform,
        ad_campaign_id
    from ad_campaign_names

),

current_names as (

    select
        ad_platform,
        ad_campaign_id,
        min(ad_campaign_name) as ad_campaign_name

    from ad_campaign_names

    where is_current_name

    group by 1, 2

),

crm_links as (

    select
        lower(trim(ad_platform)) as ad_platform,
        cast(ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id,
        min(campaign_id) as campaign_id

    from crm_campaigns

    where ad_platform is not null and ad_campaign_id is not null

    group by 1, 2

),

ad_campaigns as (

    select
        {{ surrogate_key(['ad_campaigns_seen.ad_platform', 'ad_campaigns_seen.ad_campaign_id']) }}
            as ad_campaign_key_id,
        cast(ad_campaigns_seen.ad_platform as {{ dbt.type_string() }}) as ad_platform,
        cast(ad_campaigns_seen.ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id,
        cast(current_names.ad_campaign_name as {{ dbt.type_string() }}) as ad_campaign_name,
        cast(crm_links.campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(
            coalesce(crm_campaigns.campaign_name, current_names.ad_campaign_name)
            as {{ dbt.type_string() }}
        ) as campaign_name,
        cast(
            coalesce(
                crm_links.campaign_id,
                {{ dbt.concat([
                    "'ad_campaign:'", 'ad_campaigns_seen.ad_platform', "':'",
                    'ad_campaigns_seen.ad_campaign_id',
                ]) }}
            ) as {{ dbt.type_string() }}
        ) as campaign_key

    from ad_campaigns_seen

    left join current_names
        on
            ad_campaigns_seen.ad_platform = current_names.ad_platform
            and ad_campaigns_seen.ad_campaign_id = current_names.ad_campaign_id

    left join crm_links
        on
            ad_campaigns_seen.ad_platform = crm_links.ad_platform
            and ad_campaigns_seen.ad_campaign_id = crm_links.ad_campaign_id

    left join crm_campaigns
        on crm_links.campaign_id = crm_campaigns.campaign_id

)

select * from ad_campaigns
