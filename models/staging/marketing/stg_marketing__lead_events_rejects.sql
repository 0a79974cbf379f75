{#- Raw lead events left out of stg_marketing__lead_events, with the reason. -#}

with

rejects as (

    select
        lead_event_id,
        raw_lead_id_text as raw_lead_id,
        raw_email,
        reject_reason

    from {{ ref('base_marketing__lead_events_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
