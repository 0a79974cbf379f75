{{ config(materialized='table') }}

{#-
    Every raw marketing lead event, typed once, with its reject_reason (NULL = kept in
    stg_marketing__lead_events): test_record (e-mail ending '@test.com'), then lead_rejected
    (the event names a lead that stands for no kept lead). An event of a duplicate lead is
    moved to the kept lead (G12).
-#}

with

source as (

    select * from {{ raw_source('marketing', 'lead_event') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as lead_event_id,
        nullif(trim(cast(source.lead_id as {{ type_text() }})), '') as raw_lead_id,

        -- strings
        nullif(lower(trim(cast(source.email as {{ type_text() }}))), '') as email,
        lower(trim(cast(source.event_type as {{ type_text() }}))) as event_type,
        nullif(trim(cast(source.asset_name as {{ type_text() }})), '') as asset_name,

        -- numerics
        cast(source.score_delta as integer) as score_delta,
        cast(source.score_after as integer) as score_after,

        -- timestamps
        {{ utc_timestamp('source.occurred_at') }} as occurred_at,
        {{ company_date('source.occurred_at') }} as occurred_date,

        -- raw text of the deciding columns (stg_marketing__lead_events_rejects)
        cast(source.lead_id as {{ type_text() }}) as raw_lead_id_text,
        {{ raw_text_columns(['email']) }}

    from source

),

leads_resolved as (

    {{ surviving_lead_added('renamed') }}

),

classified as (

    select
        *,
        case
            when email like '%@test.com' then 'test_record'
            when raw_lead_id is not null and lead_id is null then 'lead_rejected'
        end as reject_reason

    from leads_resolved

)

select * from classified
