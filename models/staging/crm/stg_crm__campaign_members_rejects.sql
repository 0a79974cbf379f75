{#- Raw campaign members left out of stg_crm__campaign_members, with the reason. -#}

with

source as (

    select * from {{ raw_source('crm', 'campaign_member') }}

),

leads as (

    select lead_id from {{ ref('stg_crm__leads') }}

),

lead_duplicates as (

    select
        lead_id,
        kept_lead_id

    from {{ ref('stg_crm__leads_rejects') }}
    where reject_reason = 'duplicate_email'

),

campaigns as (

    select campaign_id from {{ ref('stg_crm__campaigns') }}

),

rows_classified as (

    select
        cast(source.id as varchar) as campaign_member_id,
        cast(source.campaign_id as varchar) as campaign_id,
        cast(source.lead_id as varchar) as raw_lead_id,
        cast(source.is_deleted as varchar) as raw_is_deleted,
        case
            when coalesce(cast(source.is_deleted as boolean), false) then 'soft_deleted'
            when
                not coalesce(
                    coalesce(lead_duplicates.kept_lead_id, cast(source.lead_id as varchar))
                    in (select leads.lead_id from leads),
                    false
                )
                then 'lead_rejected'
            when
                not coalesce(
                    cast(source.campaign_id as varchar)
                    in (select campaigns.campaign_id from campaigns),
                    false
                )
                then 'campaign_rejected'
        end as reject_reason

    from source

    left join lead_duplicates
        on cast(source.lead_id as varchar) = lead_duplicates.lead_id

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
