{{ config(severity='warn') }}

{#-
    CRM history is the source of truth for the closed date (int_opportunities): a closed
    opportunity whose stage history holds no closing falls back to the CRM's close-date field,
    a forecast field reps often leave stale. Each such row is returned (warn), so the
    fall-back is counted, never silent.
-#}

select
    opportunity_id,
    status,
    close_date,
    crm_close_date,
    close_date_source

from {{ ref('int_opportunities') }}

where close_date_source = 'crm_field'
