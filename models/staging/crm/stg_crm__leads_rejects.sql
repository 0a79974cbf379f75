{#-
    Raw CRM leads left out of stg_crm__leads: soft_deleted, test_record, or duplicate_email
    (another live lead with the same lower(trim(email)) was created earlier; kept_lead_id
    names it). The order of the checks and the ranking match stg_crm__leads.
-#}

with

source as (

    select * from {{ raw_source('crm', 'lead') }}

),

rows_classified as (

    select
        cast(id as varchar) as lead_id,
        cast(email as varchar) as raw_email,
        cast(company as varchar) as raw_company,
        cast(created_date as varchar) as raw_created_date,
        cast(is_deleted as varchar) as raw_is_deleted,
        nullif(lower(trim(cast(email as varchar))), '') as email,
        {{ utc_timestamp('created_date') }} as created_at,
        case
            when coalesce(cast(is_deleted as boolean), false) then 'soft_deleted'
            when
                coalesce(
                    lower(trim(cast(email as varchar))) like '%@test.com'
                    or upper(trim(cast(company as varchar))) = 'TEST',
                    false
                )
                then 'test_record'
        end as first_reject_reason

    from source

),

duplicates_ranked as (

    select
        lead_id,
        email,
        row_number() over (
            partition by email
            order by created_at, lead_id
        ) as email_rank,
        first_value(lead_id) over (
            partition by email
            order by created_at, lead_id
        ) as kept_lead_id

    from rows_classified
    where first_reject_reason is null and email is not null

),

rejects_reasoned as (

    select
        rows_classified.lead_id,
        rows_classified.raw_email,
        rows_classified.raw_company,
        rows_classified.raw_created_date,
        rows_classified.raw_is_deleted,
        case
            when rows_classified.first_reject_reason is not null
                then rows_classified.first_reject_reason
            when duplicates_ranked.email_rank > 1 then 'duplicate_email'
        end as reject_reason,
        case
            when duplicates_ranked.email_rank > 1 then duplicates_ranked.kept_lead_id
        end as kept_lead_id

    from rows_classified

    left join duplicates_ranked
        on rows_classified.lead_id = duplicates_ranked.lead_id

),

rejects as (

    select * from rejects_reasoned
    where reject_reason is not null

)

select * from rejects
