{{ config(materialized='table') }}

{#-
    Every raw opportunity version from Fivetran history mode, typed once with the canonical
    stage, and its reject_reason (NULL = kept in stg_crm__opportunity_stage_history):
    soft_deleted, then opportunity_rejected (the opportunity is not kept).
-#}

with

source as (

    select * from {{ raw_source('crm', 'opportunity_history') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.id', 'source._fivetran_start']) }}
            as opportunity_stage_history_id,
        cast(source.id as {{ type_text() }}) as opportunity_id,

        -- strings
        {{ lookup_key('source.stage_name') }} as stage_key,

        -- numerics
        cast(source.amount as decimal(18, 4)) as amount,
        cast(source.probability as {{ type_double() }}) / 100 as crm_probability,

        -- booleans
        coalesce(cast(source._fivetran_active as boolean), false) as is_current,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        {{ utc_timestamp('source._fivetran_start') }} as valid_from_at,
        {{ utc_timestamp('source._fivetran_end') }} as fivetran_end_at,
        -- the company-time-zone day the version started (TZ01): the day a stage was entered
        {{ company_date('source._fivetran_start') }} as valid_from_date,
        {{ company_date('source.close_date') }} as close_date,

        -- raw text of the deciding columns (stg_crm__opportunity_stage_history_rejects)
        {{ raw_text_columns(['_fivetran_start as fivetran_start', 'is_deleted']) }}

    from source

),

classified as (

    select
        renamed.*,
        case when not renamed.is_current then renamed.fivetran_end_at end as valid_to_at,
        stage_mapping.stage_name,
        stage_mapping.stage_order,
        stage_mapping.is_closed,
        stage_mapping.is_won,
        coalesce(renamed.crm_probability, stage_mapping.default_probability) as probability,
        case
            when renamed.is_deleted then 'soft_deleted'
            when {{ parent_rejected(
                'renamed.opportunity_id', 'base_crm__opportunities_classified'
            ) }}
                then 'opportunity_rejected'
        end as reject_reason

    from renamed

    left join stage_mapping
        on renamed.stage_key = stage_mapping.raw_stage_key

)

select * from classified
