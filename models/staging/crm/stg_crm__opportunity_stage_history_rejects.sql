{#- Raw opportunity versions left out of stg_crm__opportunity_stage_history, with the reason. -#}

with

rejects as (

    select
        opportunity_id,
        raw_fivetran_start,
        raw_is_deleted,
        reject_reason

    from {{ ref('base_crm__opportunity_stage_history_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
