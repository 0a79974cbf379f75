{#- Raw CRM campaigns left out of stg_crm__campaigns, with the reason. -#}

with

rejects as (

    select
        campaign_id,
        raw_is_deleted,
        reject_reason

    from {{ ref('base_crm__campaigns_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
