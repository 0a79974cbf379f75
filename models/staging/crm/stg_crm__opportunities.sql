{#-
    CRM opportunities with canonical stage, type, status and channel. close_date is NULL
    unless the deal is closed; the CRM's date for open deals is only expected_close_date
    (WR01). Dates are in the company time zone (TZ01). Duplicate records (loss reason
    'Duplicate', DD02), soft-deleted and test rows are in stg_crm__opportunities_rejects (so
    are deals whose stage or type is unknown, when var unknown_enum_severity sets
    crm.opportunity to warn).
-#}

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
        cast(source.id as varchar) as opportunity_id,
        cast(source.account_id as varchar) as account_id,
        cast(source.owner_id as varchar) as owner_user_id,
        nullif(trim(cast(source.campaign_id as varchar)), '') as campaign_id,

        -- strings
        trim(cast(source.name as varchar)) as opportunity_name,
        {{ lookup_key('source.type') }} as opp_type_key,
        {{ lookup_key('source.stage_name') }} as stage_key,
        nullif(
            replace(lower(trim(cast(source.loss_reason_c as varchar))), ' ', '_'), ''
        ) as loss_reason,
        nullif(trim(cast(source.lead_source as varchar)), '') as lead_source,
        {{ lookup_key('source.lead_source') }} as lead_source_key,
        nullif(
            replace(lower(trim(cast(source.forecast_category_name as varchar))), ' ', '_'), ''
        ) as forecast_category,
        upper(trim(coalesce(
            nullif(trim(cast(source.currency_iso_code as varchar)), ''),
            {{ default_currency_literal() }}
        ))) as currency,

        -- numerics
        cast(source.amount as decimal(18, 4)) as amount,
        cast(source.probability as double) / 100 as crm_probability,
        cast(source.prior_arr_c as decimal(18, 4)) as prior_arr,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(upper(trim(cast(source.name as varchar))) = 'TEST', false) as is_test_record,

        -- dates and timestamps
        {{ utc_timestamp('source.created_date') }} as created_at,
        {{ company_date('source.created_date') }} as created_date,
        {{ company_date('source.close_date') }} as crm_close_date,
        {{ company_date('source.renewal_due_date_c') }} as renewal_due_date

    from source

),

live_opportunities as (

    select * from renamed
    where
        not is_deleted
        and not is_test_record
        and coalesce(loss_reason, '') != 'duplicate'

),

lookups_mapped as (

    select
        live_opportunities.*,
        opportunity_type_mapping.opp_type,
        stage_mapping.stage_name,
        stage_mapping.stage_order,
        stage_mapping.is_closed,
        stage_mapping.is_won,
        stage_mapping.default_probability,
        channel_mapping.channel

    from live_opportunities

    left join opportunity_type_mapping
        on live_opportunities.opp_type_key = opportunity_type_mapping.raw_type_key

    left join stage_mapping
        on live_opportunities.stage_key = stage_mapping.raw_stage_key

    left join channel_mapping
        on live_opportunities.lead_source_key = channel_mapping.raw_source_key

    {#-
        unknown_enum_severity error (the demo): a stage or type missing from the lookup seeds
        stays here and fails the build. warn (a connector layout): the deal goes to the rejects
        as unknown_enum and a warning reports it.
    #}
    {%- if var('unknown_enum_severity', {}).get('crm.opportunity', 'error') != 'error' %}
        where
            stage_mapping.stage_name is not null
            and opportunity_type_mapping.opp_type is not null
    {%- endif %}

),

opportunities as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        opportunity_name,
        opp_type_key,
        opp_type,
        stage_key,
        stage_name,
        stage_order,
        case
            when is_won then 'won'
            when is_closed then 'lost'
            else 'open'
        end as status,
        is_closed,
        is_won,
        amount,
        currency,
        coalesce(crm_probability, default_probability) as probability,
        created_at,
        created_date,
        case when is_closed then crm_close_date end as close_date,
        crm_close_date as expected_close_date,
        case when is_closed and not is_won then loss_reason end as loss_reason,
        lead_source,
        lead_source_key,
        channel,
        campaign_id,
        forecast_category,
        renewal_due_date,
        prior_arr

    from lookups_mapped

)

select * from opportunities
