{#-
    Raw CRM opportunities left out of stg_crm__opportunities, with the reason (DD02);
    unknown_enum (stage or type not in the lookup seeds) only when var unknown_enum_severity
    sets crm.opportunity to warn.
-#}

with

source as (

    select * from {{ raw_source('crm', 'opportunity') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

opportunity_type_mapping as (

    select * from {{ ref('opportunity_type_mapping') }}

),

rows_classified as (

    select
        cast(source.id as varchar) as opportunity_id,
        cast(source.name as varchar) as raw_name,
        cast(source.stage_name as varchar) as raw_stage_name,
        cast(source.loss_reason_c as varchar) as raw_loss_reason,
        cast(source.is_deleted as varchar) as raw_is_deleted,
        cast(source.type as varchar) as raw_type,
        stage_mapping.stage_name as mapped_stage_name,
        opportunity_type_mapping.opp_type as mapped_opp_type,
        case
            when coalesce(cast(source.is_deleted as boolean), false) then 'soft_deleted'
            when upper(trim(cast(source.name as varchar))) = 'TEST' then 'test_record'
            when lower(trim(cast(source.loss_reason_c as varchar))) = 'duplicate'
                then 'duplicate_record'
            {%- if var('unknown_enum_severity', {}).get('crm.opportunity', 'error') != 'error' %}
            when stage_mapping.stage_name is null or opportunity_type_mapping.opp_type is null
                then 'unknown_enum'
            {%- endif %}
        end as reject_reason

    from source

    left join stage_mapping
        on {{ lookup_key('source.stage_name') }} = stage_mapping.raw_stage_key

    left join opportunity_type_mapping
        on {{ lookup_key('source.type') }} = opportunity_type_mapping.raw_type_key

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
