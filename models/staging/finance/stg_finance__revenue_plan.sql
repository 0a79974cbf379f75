{#- Planned MRR per month and segment, in the reporting currency. -#}

with

source as (

    select * from {{ raw_source('finance', 'revenue_plan') }}

),

segment_mapping as (

    select * from {{ ref('segment_mapping') }}

),

renamed as (

    select
        cast(cast(source.month as {{ type_text() }}) as date) as month_start,
        {{ lookup_key('source.segment') }} as segment_key,
        cast(source.planned_mrr as decimal(18, 4)) as planned_mrr

    from source

),

segments_mapped as (

    select
        {{ surrogate_key(['renamed.month_start', 'segment_mapping.segment']) }}
            as revenue_plan_id,
        renamed.month_start,
        renamed.segment_key,
        segment_mapping.segment,
        renamed.planned_mrr

    from renamed

    left join segment_mapping
        on renamed.segment_key = segment_mapping.raw_segment_key

)

select * from segments_mapped
