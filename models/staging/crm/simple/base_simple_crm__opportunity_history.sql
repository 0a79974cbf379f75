{#-
    The simple CRM layout's optional stage history (raw crm.deal_stage_history: deal_id,
    stage, entered_at; var crm_layout: simple) as the raw crm.opportunity_history table
    (Fivetran history mode): a version runs from its entered_at to the deal's next one, the
    last is active (open end 9999-12-31). Amount and close date are the deal's current ones.
    Listed in var raw_absent_tables, the file is not needed: no history (pipeline snapshots
    fall back to each deal's current stage).
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'simple') }}

with

stage_history as (

    select * from {{ layout_relation('crm', 'deal_stage_history') }}

),

deals as (

    select
        id,
        amount,
        close_date

    from {{ ref('base_simple_crm__opportunity') }}

),

versions_dated as (

    select
        cast(stage_history.deal_id as {{ type_text() }}) as deal_id,
        cast(stage_history.stage as {{ type_text() }}) as stage_name,
        coalesce(
            cast({{ simple_layout_date('stage_history.entered_at', 'deals') }} as {{ type_text() }}),
            cast(stage_history.entered_at as {{ type_text() }})
        ) as entered_at

    from stage_history

),

history_shaped as (

    select
        versions_dated.deal_id as id,
        versions_dated.entered_at as _fivetran_start,
        coalesce(
            lead(versions_dated.entered_at) over deal_versions, '9999-12-31T23:59:59.999Z'
        ) as _fivetran_end,
        lead(versions_dated.entered_at) over deal_versions is null as _fivetran_active,
        versions_dated.stage_name,
        deals.amount,
        cast(null as bigint) as probability,
        deals.close_date,
        false as is_deleted

    from versions_dated

    left join deals
        on versions_dated.deal_id = deals.id

    window deal_versions as (partition by versions_dated.deal_id order by versions_dated.entered_at)

)

select * from history_shaped
