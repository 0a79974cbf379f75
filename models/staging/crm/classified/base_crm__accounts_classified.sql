{{ config(materialized='table') }}

{#-
    Every raw CRM account, typed once (segment normalised, Stripe customer link kept as
    billing_customer_id), with its reject_reason (NULL = kept in stg_crm__accounts):
    soft_deleted, then test_record (name 'TEST').
-#}

with

source as (

    select * from {{ raw_source('crm', 'account') }}

),

renamed as (

    select
        -- ids
        cast(source.id as {{ type_text() }}) as account_id,
        cast(source.owner_id as {{ type_text() }}) as owner_user_id,
        nullif(trim(cast(source.stripe_customer_id_c as {{ type_text() }})), '')
            as billing_customer_id,

        -- strings
        trim(cast(source.name as {{ type_text() }})) as account_name,
        trim(cast(source.industry as {{ type_text() }})) as industry,
        upper(trim(cast(source.billing_country_code as {{ type_text() }}))) as country_code,
        trim(cast(source.type as {{ type_text() }})) as account_type,
        trim(cast(source.account_source as {{ type_text() }})) as account_source,
        {{ lookup_key('source.segment_c') }} as segment_key,

        -- numerics
        cast(source.number_of_employees as integer) as employee_count,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(upper(trim(cast(source.name as {{ type_text() }}))) = 'TEST', false)
            as is_test_record,

        -- timestamps
        {{ utc_timestamp('source.created_date') }} as created_at,

        -- raw text of the deciding columns (stg_crm__accounts_rejects)
        {{ raw_text_columns(['name', 'is_deleted']) }}

    from source

),

classified as (

    select
        renamed.*,
        segment_mapping.segment,
        case
            when renamed.is_deleted then 'soft_deleted'
            when renamed.is_test_record then 'test_record'
        end as reject_reason

    from renamed

    {{ segment_mapping_join('renamed') }}

)

select * from classified
