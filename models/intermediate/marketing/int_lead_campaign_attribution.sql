{#-
    Campaign attribution of every de-duplicated lead (issue 11 part 4), one campaign per lead
    by this precedence (attribution_source), never dropped:
    1. primary_campaign: the CRM primary campaign source of the opportunity the lead converted
       into (stg_crm__opportunities.campaign_id), if that campaign is a kept CRM campaign;
    2. campaign_member: the lead's earliest campaign membership (created_at, then
       campaign_member_id) in a kept CRM campaign;
    3. utm_ad_campaign: the ad-platform campaign one of whose names, current or earlier
       (int_ad_campaign_names), equals the lead's UTM campaign tag, both keyed by
       campaign_name_key() (case- and space-insensitive). When several ad campaigns carried
       the name, the one that most recently took it on or before the lead's creation wins,
       else the one that took it first after (then platform and id); its campaign key is the
       linked CRM campaign, else 'ad_campaign:<platform>:<id>' (int_ad_campaigns);
    4. unattributed: none of these; campaign_key 'unattributed', which the marts report.
-#}

with

leads as (

    select
        lead_id,
        created_at,
        created_date,
        converted_opportunity_id,
        utm_campaign

    from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select
        opportunity_id,
        campaign_id

    from {{ ref('stg_crm__opportunities') }}

),

crm_campaigns as (

    select
        campaign_id,
        campaign_name

    from {{ ref('stg_crm__campaigns') }}

),

campaign_members as (

    select
        campaign_member_id,
        campaign_id,
        lead_id,
        created_at

    from {{ ref('stg_crm__campaign_members') }}

),

ad_campaign_names as (

    select
        ad_platform,
        ad_campaign_id,
        campaign_name_key,
        first_named_at

    from {{ ref('int_ad_campaign_names') }}

),

ad_campaigns as (

    select
        ad_platform,
        ad_campaign_id,
        campaign_id,
        campaign_key,
        campaign_name

    from {{ ref('int_ad_campaigns') }}

),

primary_campaigns as (

    select
        leads.lead_id,
        opportunities.campaign_id

    from leads

    inner join opportunities
        on leads.converted_opportunity_id = opportunities.opportunity_id

    inner join crm_campaigns
        on opportunities.campaign_id = crm_campaigns.campaign_id

),

memberships_ranked as (

    select
        campaign_members.lead_id,
        campaign_members.campaign_id,
        row_number() over (
            partition by campaign_members.lead_id
            order by campaign_members.created_at, campaign_members.campaign_member_id
        ) as membership_rank

    from campaign_members

    inner join crm_campaigns
        on campaign_members.campaign_id = crm_campaigns.campaign_id

),

name_candidates as (

    -- the names table is small: rank it, never the leads x names join (issue 13: that join
    -- ranked with a window held every lead x same-named campaign pair, 5.9 GB at K=100)
    select
        campaign_name_key,
        first_named_at,
        ad_platform,
        ad_campaign_id,
        row_number() over (
            partition by campaign_name_key, first_named_at
            order by ad_platform asc, ad_campaign_id asc
        ) as tie_rank

    from ad_campaign_names

),

name_windows as (

    -- per name key, the campaign that wins for a lead created in [window_start, window_end):
    -- the one that most recently took the name (lowest platform, then id, on a tie); the
    -- first window is open to the left (a lead before any campaign took the name gets the
    -- first one to take it), the last to the right
    select
        campaign_name_key,
        ad_platform,
        ad_campaign_id,
        case
            when
                row_number() over (
                    partition by campaign_name_key order by first_named_at asc
                ) > 1
                then first_named_at
        end as window_start,
        lead(first_named_at) over (
            partition by campaign_name_key order by first_named_at asc
        ) as window_end

    from name_candidates

    where tie_rank = 1

),

utm_matches as (

    -- one row per lead whose UTM tag matches a name: the windows of a key do not overlap
    select
        leads.lead_id,
        name_windows.ad_platform,
        name_windows.ad_campaign_id

    from leads

    inner join name_windows
        on
            {{ campaign_name_key('leads.utm_campaign') }} = name_windows.campaign_name_key
            and coalesce(leads.created_at >= name_windows.window_start, true)
            and coalesce(leads.created_at < name_windows.window_end, true)

),

utm_campaigns as (

    select
        utm_matches.lead_id,
        utm_matches.ad_platform,
        utm_matches.ad_campaign_id,
        ad_campaigns.campaign_id,
        ad_campaigns.campaign_key,
        ad_campaigns.campaign_name

    from utm_matches

    inner join ad_campaigns
        on
            utm_matches.ad_platform = ad_campaigns.ad_platform
            and utm_matches.ad_campaign_id = ad_campaigns.ad_campaign_id

),

leads_attributed as (

    select
        leads.lead_id,
        leads.created_at,
        leads.created_date,
        leads.utm_campaign,
        case
            when primary_campaigns.campaign_id is not null then 'primary_campaign'
            when memberships_ranked.campaign_id is not null then 'campaign_member'
            when utm_campaigns.campaign_key is not null then 'utm_ad_campaign'
            else 'unattributed'
        end as attribution_source,
        coalesce(
            primary_campaigns.campaign_id,
            memberships_ranked.campaign_id,
            utm_campaigns.campaign_key,
            'unattributed'
        ) as campaign_key,
        coalesce(
            primary_campaigns.campaign_id,
            memberships_ranked.campaign_id,
            utm_campaigns.campaign_id
        ) as campaign_id,
        coalesce(
            primary_campaign_names.campaign_name,
            member_campaign_names.campaign_name,
            utm_campaigns.campaign_name
        ) as campaign_name,
        case
            when primary_campaigns.campaign_id is null and memberships_ranked.campaign_id is null
                then utm_campaigns.ad_platform
        end as ad_platform,
        case
            when primary_campaigns.campaign_id is null and memberships_ranked.campaign_id is null
                then utm_campaigns.ad_campaign_id
        end as ad_campaign_id

    from leads

    left join primary_campaigns
        on leads.lead_id = primary_campaigns.lead_id

    left join memberships_ranked
        on
            leads.lead_id = memberships_ranked.lead_id
            and memberships_ranked.membership_rank = 1

    left join utm_campaigns
        on leads.lead_id = utm_campaigns.lead_id

    left join crm_campaigns as primary_campaign_names
        on primary_campaigns.campaign_id = primary_campaign_names.campaign_id

    left join crm_campaigns as member_campaign_names
        on memberships_ranked.campaign_id = member_campaign_names.campaign_id

),

lead_campaign_attribution as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        created_at,
        created_date,
        {{ month_start('created_date') }} as created_month,
        cast(utm_campaign as {{ dbt.type_string() }}) as utm_campaign,
        cast(attribution_source as {{ dbt.type_string() }}) as attribution_source,
        cast(campaign_key as {{ dbt.type_string() }}) as campaign_key,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(
            case when campaign_key = 'unattributed' then 'unattributed' else campaign_name end
            as {{ dbt.type_string() }}
        ) as campaign_name,
        cast(ad_platform as {{ dbt.type_string() }}) as ad_platform,
        cast(ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id

    from leads_attributed

)

select * from lead_campaign_attribution
