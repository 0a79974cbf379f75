{#- Planned MRR per month and segment, in the reporting currency. -#}

with

source as (

    select * from {{ raw_source('finance', 'revenue_plan') }}

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

    {{ segment_mapping_join('renamed') }}

)

select * from segments_mapped
