{#-
    Sales activities logged on leads. A task on a duplicate lead is moved to the kept lead
    (G12); tasks on deleted or test leads are in the rejects.
-#}

with

tasks as (

    select
        task_id,
        lead_id,
        raw_lead_id,
        owner_user_id,
        task_type,
        subject,
        created_at,
        activity_date

    from {{ ref('base_crm__tasks_classified') }}
    where {{ kept_rows() }}

)

select * from tasks
