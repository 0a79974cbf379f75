{#- Raw tasks left out of stg_crm__tasks, with the reason. -#}

with

rejects as (

    select
        task_id,
        raw_lead_id,
        raw_is_deleted,
        reject_reason

    from {{ ref('base_crm__tasks_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
