{#- Raw opportunity versions left out of stg_crm__opportunity_stage_history, with the reason. -#}

with

source as (

    select * from {{ raw_source('crm', 'opportunity_history') }}

),

opportunities as (

    select opportunity_id from {{ ref('stg_crm__opportunities') }}

),

rows_classified as (

    select
        cast(id as varchar) as opportunity_id,
        cast(_fivetran_start as varchar) as raw_fivetran_start,
        cast(is_deleted as varchar) as raw_is_deleted,
        case
            when coalesce(cast(is_deleted as boolean), false) then 'soft_deleted'
            when
                not coalesce(
                    cast(id as varchar) in (select opportunities.opportunity_id from opportunities),
                    false
                )
                then 'opportunity_rejected'
        end as reject_reason

    from source

),

rejects as (

    select * from rows_classified
    where reject_reason is not null

)

select * from rejects
