{{ config(materialized='table') }}

{#-
    Every raw CRM opportunity, typed once with canonical stage, type, status and channel, and
    its reject_reason (NULL = kept in stg_crm__opportunities): soft_deleted, test_record (name
    'TEST'), duplicate_record (loss reason 'Duplicate', DD02), unparseable_<column> (text in
    amount, probability, prior_arr_c or a date that does not parse: safe_cast), negative_amount,
    after_as_of_date (created, or closed, after var as_of_date), and unknown_enum (stage or type
    not in the lookup seeds) only when var unknown_enum_severity sets crm.opportunity to warn;
    with error (the demo) such a deal is kept and the staging tests fail the build.
    close_date is NULL unless the deal is closed (WR01); dates in the company time zone (TZ01).
-#}

{%- set parsed_columns = {
    'amount': 'amount',
    'probability': 'crm_probability',
    'prior_arr_c as prior_arr': 'prior_arr',
    'created_date': 'created_date',
    'close_date': 'crm_close_date',
    'renewal_due_date_c as renewal_due_date': 'renewal_due_date',
} %}

with

source as (

    select * from {{ raw_source('crm', 'opportunity') }}

),

stage_mapping as (

    select * from {{ ref('stage_mapping') }}

),

opportunity_type_mapping as (

    select * from {{ ref('opportunity_type_mapping') }}

),

channel_mapping as (

    select * from {{ ref('channel_mapping') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as opportunity_id,
        cast(source.account_id as {{ type_text() }}) as account_id,
        {{ owner_or_unassigned('source.owner_id') }} as owner_user_id,
        nullif(trim(cast(source.campaign_id as {{ type_text() }})), '') as campaign_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as opportunity_name,
        {{ lookup_key('source.type') }} as opp_type_key,
        {{ lookup_key('source.stage_name') }} as stage_key,
        nullif(
            replace(lower(trim(cast(source.loss_reason_c as {{ type_text() }}))), ' ', '_'), ''
        ) as crm_loss_reason,
        nullif(trim(cast(source.lead_source as {{ type_text() }})), '') as lead_source,
        {{ lookup_key('source.lead_source') }} as lead_source_key,
        nullif(
            replace(
                lower(trim(cast(source.forecast_category_name as {{ type_text() }}))), ' ', '_'
            ),
            ''
        ) as forecast_category,
        {{ currency_or_default('source.currency_iso_code') }} as currency,

        -- numerics
        {{ safe_cast('source.amount', 'decimal(18, 4)') }} as amount,
        {{ safe_cast('source.probability', type_double()) }} / 100 as crm_probability,
        {{ safe_cast('source.prior_arr_c', 'decimal(18, 4)') }} as prior_arr,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(upper(trim(cast(source.name as {{ type_text() }}))) = 'TEST', false)
            as is_test_record,

        -- dates and timestamps
        {{ utc_timestamp('source.created_date', safe=true) }} as created_at,
        {{ company_date('source.created_date', safe=true) }} as created_date,
        {{ company_date('source.close_date', safe=true) }} as crm_close_date,
        {{ company_date('source.renewal_due_date_c', safe=true) }} as renewal_due_date,

        -- raw text of the deciding columns (stg_crm__opportunities_rejects)
        {{ raw_text_columns([
            'name', 'stage_name', 'loss_reason_c as loss_reason', 'is_deleted', 'type'
        ]) }},
        {{ raw_text_columns(parsed_columns) }}

    from source

),

lookups_mapped as (

    select
        renamed.*,
        opportunity_type_mapping.opp_type,
        stage_mapping.stage_name,
        stage_mapping.stage_order,
        stage_mapping.is_closed,
        stage_mapping.is_won,
        stage_mapping.default_probability,
        {{ lead_source_channel('channel_mapping.channel') }} as channel

    from renamed

    left join opportunity_type_mapping
        on renamed.opp_type_key = opportunity_type_mapping.raw_type_key

    left join stage_mapping
        on renamed.stage_key = stage_mapping.raw_stage_key

    left join channel_mapping
        on renamed.lead_source_key = channel_mapping.raw_source_key

),

classified as (

    select
        *,
        case
            when is_won then 'won'
            when is_closed then 'lost'
            else 'open'
        end as status,
        coalesce(crm_probability, default_probability) as probability,
        case when is_closed then crm_close_date end as close_date,
        crm_close_date as expected_close_date,
        case when is_closed and not is_won then crm_loss_reason end as loss_reason,
        case
            when is_deleted then 'soft_deleted'
            when is_test_record then 'test_record'
            when crm_loss_reason = 'duplicate' then 'duplicate_record'
            {{- unparseable_reasons(parsed_columns) }}
            when amount < 0 then 'negative_amount'
            when created_date > {{ as_of_date() }} then 'after_as_of_date'
            when is_closed and crm_close_date > {{ as_of_date() }} then 'after_as_of_date'
            {%- if var('unknown_enum_severity', {}).get('crm.opportunity', 'error') != 'error' %}
            when stage_name is null or opp_type is null then 'unknown_enum'
            {%- endif %}
        end as reject_reason

    from lookups_mapped

)

select * from classified
