{#- Raw CRM accounts left out of stg_crm__accounts, with the reason. -#}

with

rejects as (

    select
        account_id,
        raw_name as account_name,
        raw_is_deleted,
        reject_reason

    from {{ ref('base_crm__accounts_classified') }}
    where {{ rejected_rows() }}

)

select * from rejects
