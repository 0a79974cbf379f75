{#-
    CRM leads, one row per buyer (G12): leads are de-duplicated on lower(trim(email)), the
    earliest created record is kept (ties: lowest lead_id); soft-deleted and test leads
    (e-mail ending '@test.com' or company 'TEST') are dropped first. Every dropped row is in
    stg_crm__leads_rejects (DD02).
-#}

with

source as (

    select * from {{ raw_source('crm', 'lead') }}

),

channel_mapping as (

    select * from {{ ref('channel_mapping') }}

),

renamed as (

    select
        -- ids
        cast(source.id as varchar) as lead_id,
        cast(source.owner_id as varchar) as owner_user_id,
        cast(source.converted_account_id as varchar) as converted_account_id,
        cast(source.converted_opportunity_id as varchar) as converted_opportunity_id,

        -- strings
        nullif(lower(trim(cast(source.email as varchar))), '') as email,
        trim(cast(source.first_name as varchar)) as first_name,
        trim(cast(source.last_name as varchar)) as last_name,
        trim(cast(source.company as varchar)) as company,
        trim(cast(source.title as varchar)) as title,
        trim(cast(source.industry as varchar)) as industry,
        upper(trim(cast(source.country as varchar))) as country,
        lower(trim(cast(source.status as varchar))) as status,
        nullif(trim(cast(source.lead_source as varchar)), '') as lead_source,
        {{ lookup_key('source.lead_source') }} as lead_source_key,

        -- numerics
        cast(source.number_of_employees as integer) as employee_count,

        -- booleans
        coalesce(cast(source.is_converted as boolean), false) as is_converted,
        coalesce(cast(source.is_deleted as boolean), false) as is_deleted,
        coalesce(
            lower(trim(cast(source.email as varchar))) like '%@test.com'
            or upper(trim(cast(source.company as varchar))) = 'TEST',
            false
        ) as is_test_record,

        -- dates and timestamps
        {{ utc_timestamp('source.created_date') }} as created_at,
        {{ company_date('source.created_date') }} as created_date,
        {{ company_date('source.converted_date') }} as converted_date,
        {{ utc_timestamp('source.sales_qualified_date_c') }} as sales_qualified_at,
        {{ company_date('source.sales_qualified_date_c') }} as sales_qualified_date

    from source

),

live_leads as (

    select * from renamed
    where not is_deleted and not is_test_record

),

duplicates_ranked as (

    select
        *,
        case
            when email is null then 1
            else row_number() over (
                partition by email
                order by created_at, lead_id
            )
        end as email_rank

    from live_leads

),

first_leads as (

    select * from duplicates_ranked
    where email_rank = 1

),

channels_mapped as (

    select
        first_leads.*,
        channel_mapping.channel,
        channel_mapping.is_paid as is_paid_channel

    from first_leads

    left join channel_mapping
        on first_leads.lead_source_key = channel_mapping.raw_source_key

),

leads as (

    select
        lead_id,
        email,
        first_name,
        last_name,
        company,
        title,
        industry,
        country,
        employee_count,
        lead_source,
        lead_source_key,
        channel,
        is_paid_channel,
        status,
        owner_user_id,
        created_at,
        created_date,
        is_converted,
        converted_date,
        converted_account_id,
        converted_opportunity_id,
        sales_qualified_at,
        sales_qualified_date

    from channels_mapped

)

select * from leads
