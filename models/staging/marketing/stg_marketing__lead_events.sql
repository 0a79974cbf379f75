{#-
    Marketing-automation events (form fills, score changes, MQL, ...). The e-mail is
    normalised (lower(trim())); an event of a duplicate lead is moved to the kept lead (G12).
    Events of test or deleted leads and test e-mails are in the rejects.
-#}

with

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

    from {{ ref('base_marketing__lead_events_classified') }}
    where {{ kept_rows() }}

)

select * from lead_events
