{#- CRM accounts: segment normalised, Stripe customer link kept as billing_customer_id. -#}

with

source as (

    select * from {{ raw_source('crm', 'account') }}

),

segment_mapping as (

    select * from {{ ref('segment_mapping') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as account_id,
        cast(source.owner_id as varchar) as owner_user_id,
        nullif(trim(cast(source.stripe_customer_id_c as varchar)), '') as billing_customer_id,

        -- strings
        trim(cast(source.name as varchar)) as account_name,
        trim(cast(source.industry as varchar)) as industry,
        upper(trim(cast(source.billing_country_code as varchar))) as country_code,
        trim(cast(source.type as varchar)) as account_type,
        trim(cast(source.account_source as varchar)) as account_source,
        {{ lookup_key('source.segment_c') }} as segment_key,

        -- numerics
        cast(source.number_of_employees as integer) as employee_count,

        -- booleans
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(upper(trim(cast(source.name as varchar))) = 'TEST', false) as is_test_record,

        -- timestamps
        {{ utc_timestamp('source.created_date') }} as created_at

    from source

),

live_accounts as (

    select * from renamed
    where not is_deleted and not is_test_record

),

segments_mapped as (

    select
        live_accounts.*,
        segment_mapping.segment

    from live_accounts

    left join segment_mapping
        on live_accounts.segment_key = segment_mapping.raw_segment_key

),

accounts as (

    select
        account_id,
        account_name,
        industry,
        country_code,
        employee_count,
        account_type,
        account_source,
        segment_key,
        segment,
        owner_user_id,
        billing_customer_id,
        created_at

    from segments_mapped

)

select * from accounts
