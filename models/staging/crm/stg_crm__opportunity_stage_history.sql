{#-
    Opportunity versions from Fivetran history mode: one row per version that was valid
    from valid_from_at to valid_to_at (NULL for the current version), with the canonical stage.
    Deleted versions and the history of opportunities left out of stg_crm__opportunities are
    in stg_crm__opportunity_stage_history_rejects.
-#}

with

source as (

    select * from {{ raw_source('crm', 'opportunity_history') }}

),

opportunities as (

    select opportunity_id from {{ ref('stg_crm__opportunities') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

renamed as (

    select
        -- ids
        {{ surrogate_key(['source.id', 'source._fivetran_start']) }}
            as opportunity_stage_history_id,
        cast(source.id as varchar) as opportunity_id,

        -- strings
        {{ lookup_key('source.stage_name') }} as stage_key,

        -- numerics
        cast(source.amount as decimal(18, 4)) as amount,
        cast(source.probability as double) / 100 as crm_probability,

        -- booleans
        coalesce(cast(source._fivetran_active as boolean), false) as is_current,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,

        -- dates and timestamps
        {{ utc_timestamp('source._fivetran_start') }} as valid_from_at,
        {{ utc_timestamp('source._fivetran_end') }} as fivetran_end_at,
        {{ company_date('source.close_date') }} as close_date

    from source

),

live_versions as (

    select * from renamed
    where
        not is_deleted
        and opportunity_id in (select opportunities.opportunity_id from opportunities)

),

stages_mapped as (

    select
        live_versions.*,
        stage_mapping.stage_name,
        stage_mapping.stage_order,
        stage_mapping.default_probability

    from live_versions

    left join stage_mapping
        on live_versions.stage_key = stage_mapping.raw_stage_key

),

stage_history as (

    select
        opportunity_stage_history_id,
        opportunity_id,
        valid_from_at,
        case when not is_current then fivetran_end_at end as valid_to_at,
        is_current,
        stage_key,
        stage_name,
        stage_order,
        amount,
        coalesce(crm_probability, default_probability) as probability,
        close_date

    from stages_mapped

)

select * from stage_history
