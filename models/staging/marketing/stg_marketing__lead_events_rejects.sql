{#- Raw lead events left out of stg_marketing__lead_events, with the reason. -#}

{{ staging_rejects(['lead_event_id', 'raw_lead_id_text as raw_lead_id', 'raw_email']) }}
