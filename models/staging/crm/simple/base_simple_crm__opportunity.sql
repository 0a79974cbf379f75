{#-
    The simple CRM layout's deals file (raw crm.deals, var crm_layout: simple) as the raw
    crm.opportunity table: one row per deal. Dates and amounts are read by the layout's
    declared format (vars simple_layout_date_format / simple_layout_decimal_separator, key
    'deals'); a value that does not parse is passed on as its raw text, so the opportunity
    classifier quarantines it as unparseable_<column> instead of reading it as NULL. Status,
    probability and closed / won flags come from the stage (seed stage_mapping); a deal without
    an owner gets the 'unassigned' owner in staging.
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'simple') }}

{%- set layout = 'deals' %}

with

deals as (

    select * from {{ layout_relation('crm', 'deals') }}

),

deals_shaped as (

    select
        cast(id as {{ type_text() }}) as id,
        cast(name as {{ type_text() }}) as name,
        nullif(trim(cast(account as {{ type_text() }})), '') as account_id,
        cast(owner as {{ type_text() }}) as owner_id,
        cast(type as {{ type_text() }}) as type,
        cast(stage as {{ type_text() }}) as stage_name,
        coalesce(
            cast({{ simple_layout_decimal('amount', layout) }} as {{ type_text() }}), cast(amount as {{ type_text() }})
        ) as amount,
        cast(currency as {{ type_text() }}) as currency_iso_code,
        cast(null as bigint) as probability,
        coalesce(
            cast({{ simple_layout_date('created', layout) }} as {{ type_text() }}), cast(created as {{ type_text() }})
        ) as created_date,
        coalesce(
            cast({{ simple_layout_date('closed', layout) }} as {{ type_text() }}), cast(closed as {{ type_text() }})
        ) as close_date,
        cast(null as boolean) as is_closed,
        cast(null as boolean) as is_won,
        cast(lead_source as {{ type_text() }}) as lead_source,
        cast(null as {{ type_text() }}) as campaign_id,
        cast(null as {{ type_text() }}) as forecast_category_name,
        false as is_deleted,
        cast(loss_reason as {{ type_text() }}) as loss_reason_c,
        cast(null as date) as renewal_due_date_c,
        cast(null as decimal(18, 4)) as prior_arr_c

    from deals

)

select * from deals_shaped
