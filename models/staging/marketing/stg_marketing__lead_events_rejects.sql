{#- Raw lead events left out of stg_marketing__lead_events, with the reason. -#}

with

source as (

    select * from {{ raw_source('marketing', 'lead_event') }}

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

rows_classified as (

    select
        cast(source.id as varchar) as lead_event_id,
        cast(source.lead_id as varchar) as raw_lead_id,
        cast(source.email as varchar) as raw_email,
        case
            when lower(trim(cast(source.email as varchar))) like '%@test.com' then 'test_record'
            when
                nullif(trim(cast(source.lead_id as varchar)), '') is not null
                and coalesce(lead_duplicates.kept_lead_id, trim(cast(source.lead_id as varchar)))
                not in (select leads.lead_id from leads)
                then 'lead_rejected'
        end as reject_reason

    from source

    left join lead_duplicates
        on nullif(trim(cast(source.lead_id as varchar)), '') = lead_duplicates.lead_id

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
