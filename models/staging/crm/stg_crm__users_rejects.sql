{#- Raw CRM users left out of stg_crm__users, with the reason. -#}

with

rejects as (

    select
        user_id,
        raw_fivetran_deleted,
        reject_reason

    from {{ ref('base_crm__users_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
