{#-
    Marketing-automation events (form fills, score changes, MQL, ...). The e-mail is
    normalised (lower(trim())); an event of a duplicate lead is moved to the kept lead (G12).
    Events of test or deleted leads and test e-mails are in the rejects.
-#}

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

renamed as (

    select
        -- ids
        cast(source.id as varchar) as lead_event_id,
        nullif(trim(cast(source.lead_id as varchar)), '') as raw_lead_id,

        -- strings
        nullif(lower(trim(cast(source.email as varchar))), '') as email,
        lower(trim(cast(source.event_type as varchar))) as event_type,
        nullif(trim(cast(source.asset_name as varchar)), '') as asset_name,

        -- numerics
        cast(source.score_delta as integer) as score_delta,
        cast(source.score_after as integer) as score_after,

        -- timestamps
        {{ utc_timestamp('source.occurred_at') }} as occurred_at,
        {{ company_date('source.occurred_at') }} as occurred_date

    from source

),

leads_resolved as (

    select
        renamed.*,
        coalesce(lead_duplicates.kept_lead_id, renamed.raw_lead_id) as lead_id

    from renamed

    left join lead_duplicates
        on renamed.raw_lead_id = lead_duplicates.lead_id

),

live_events as (

    select * from leads_resolved
    where
        coalesce(email not like '%@test.com', true)
        and (raw_lead_id is null or lead_id in (select leads.lead_id from leads))

),

lead_events as (

    select
        lead_event_id,
        lead_id,
        raw_lead_id,
        email,
        event_type,
        occurred_at,
        occurred_date,
        score_delta,
        score_after,
        asset_name

    from live_events

)

select * from lead_events
