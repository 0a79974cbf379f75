{{ config(materialized='table') }}

{#-
    Every raw CRM lead, typed once, with its reject_reason (NULL = kept in stg_crm__leads):
    soft_deleted, then test_record (e-mail ending '@test.com' or company 'TEST'), then
    duplicate_email (G12, DD02): among the other leads, one per lower(trim(email)) is kept, the
    earliest created (ties: lowest lead_id); kept_lead_id names it. surviving_lead_id is the
    kept lead a raw lead id stands for (itself when kept, kept_lead_id when a duplicate, NULL
    when rejected otherwise): tasks, campaign members and lead events resolve their lead with it.
-#}

with

source as (

    select * from {{ raw_source('crm', 'lead') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as lead_id,
        cast(source.owner_id as {{ type_text() }}) as owner_user_id,
        cast(source.converted_account_id as {{ type_text() }}) as converted_account_id,
        cast(source.converted_opportunity_id as {{ type_text() }}) as converted_opportunity_id,

        -- strings
        nullif(lower(trim(cast(source.email as {{ type_text() }}))), '') as email,
        trim(cast(source.first_name as {{ type_text() }})) as first_name,
        trim(cast(source.last_name as {{ type_text() }})) as last_name,
        trim(cast(source.company as {{ type_text() }})) as company,
        trim(cast(source.title as {{ type_text() }})) as title,
        trim(cast(source.industry as {{ type_text() }})) as industry,
        upper(trim(cast(source.country as {{ type_text() }}))) as country,
        lower(trim(cast(source.status as {{ type_text() }}))) as status,
        nullif(trim(cast(source.lead_source as {{ type_text() }})), '') as lead_source,
        {{ lookup_key('source.lead_source') }} as lead_source_key,
        nullif(trim(cast(source.utm_campaign_c as {{ type_text() }})), '') as utm_campaign,

        -- numerics
        cast(source.number_of_employees as integer) as employee_count,

        -- booleans
        coalesce(cast(source.is_converted as boolean), false) as is_converted,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(
            lower(trim(cast(source.email as {{ type_text() }}))) like '%@test.com'
            or upper(trim(cast(source.company as {{ type_text() }}))) = 'TEST',
            false
        ) as is_test_record,

        -- dates and timestamps
        {{ utc_timestamp('source.created_date') }} as created_at,
        {{ company_date('source.created_date') }} as created_date,
        {{ company_date('source.converted_date') }} as converted_date,
        {{ utc_timestamp('source.sales_qualified_date_c') }} as sales_qualified_at,
        {{ company_date('source.sales_qualified_date_c') }} as sales_qualified_date,

        -- raw text of the deciding columns (stg_crm__leads_rejects)
        {{ raw_text_columns(['email', 'company', 'created_date', 'is_deleted']) }}

    from source

),

record_checked as (

    select
        *,
        case
            when is_deleted then 'soft_deleted'
            when is_test_record then 'test_record'
        end as record_reject_reason

    from renamed

),

duplicates_ranked as (

    select
        lead_id,
        row_number() over (
            partition by email
            order by created_at, lead_id
        ) as email_rank,
        first_value(lead_id) over (
            partition by email
            order by created_at, lead_id
        ) as first_lead_id

    from record_checked
    where record_reject_reason is null and email is not null

),

classified as (

    select
        record_checked.*,
        {{ lead_source_channel('channel_mapping.channel') }} as channel,
        coalesce(channel_mapping.is_paid, false) as is_paid_channel,
        coalesce(
            record_checked.record_reject_reason,
            case when duplicates_ranked.email_rank > 1 then 'duplicate_email' end
        ) as reject_reason,
        case
            when duplicates_ranked.email_rank > 1 then duplicates_ranked.first_lead_id
        end as kept_lead_id

    from record_checked

    left join duplicates_ranked
        on record_checked.lead_id = duplicates_ranked.lead_id

    {{ channel_mapping_join('record_checked', 'lead_source_key') }}

),

survivors_named as (

    select
        *,
        case
            when {{ kept_rows() }} then lead_id
            when reject_reason = 'duplicate_email' then kept_lead_id
        end as surviving_lead_id

    from classified

)

select * from survivors_named
