{#-
    Opportunity versions from Fivetran history mode: one row per version that was valid
    from valid_from_at to valid_to_at (NULL for the current version), with the canonical stage.
    Deleted versions and the history of opportunities left out of stg_crm__opportunities are
    in stg_crm__opportunity_stage_history_rejects.
-#}

with

opportunity_stage_history as (

    select
        opportunity_stage_history_id,
        opportunity_id,
        valid_from_at,
        valid_to_at,
        valid_from_date,
        is_current,
        stage_key,
        stage_name,
        stage_order,
        is_closed,
        is_won,
        amount,
        probability,
        close_date

    from {{ ref('base_crm__opportunity_stage_history_classified') }}
    where {{ kept_rows() }}

)

select * from opportunity_stage_history
