{#-
    The simple CRM layout's accounts (raw crm.accounts: id, name, segment, industry, country,
    employees, owner, created; var crm_layout: simple) as the raw crm.account table, plus one
    account (id = name = the deal's account, segment unknown) for every deal account the file
    does not list. List crm.accounts in var raw_absent_tables when there is no accounts file.
    The segment is mapped in staging by seed segment_mapping: a team's own segment (e.g.
    Strategic) is a row there.
-#}

{{ config(enabled=var('crm_layout', 'salesforce') == 'simple') }}

with

accounts_landed as (

    select * from {{ layout_relation('crm', 'accounts') }}

),

deals as (

    select account_id from {{ ref('base_simple_crm__opportunity') }}

),

accounts_shaped as (

    select
        cast(id as {{ type_text() }}) as id,
        cast(name as {{ type_text() }}) as name,
        cast(industry as {{ type_text() }}) as industry,
        cast(country as {{ type_text() }}) as billing_country_code,
        coalesce(
            cast(cast({{ simple_layout_decimal('employees', 'deals') }} as bigint) as {{ type_text() }}),
            cast(employees as {{ type_text() }})
        ) as number_of_employees,
        cast(null as {{ type_text() }}) as type,
        nullif(trim(cast(owner as {{ type_text() }})), '') as owner_id,
        cast(null as {{ type_text() }}) as account_source,
        coalesce(
            cast({{ simple_layout_date('created', 'deals') }} as {{ type_text() }}), cast(created as {{ type_text() }})
        ) as created_date,
        false as is_deleted,
        cast(segment as {{ type_text() }}) as segment_c,
        cast(null as {{ type_text() }}) as stripe_customer_id_c

    from accounts_landed

),

deal_accounts_not_listed as (

    select distinct
        deals.account_id as id,
        deals.account_id as name,
        cast(null as {{ type_text() }}) as industry,
        cast(null as {{ type_text() }}) as billing_country_code,
        cast(null as {{ type_text() }}) as number_of_employees,
        cast(null as {{ type_text() }}) as type,
        cast(null as {{ type_text() }}) as owner_id,
        cast(null as {{ type_text() }}) as account_source,
        cast(null as {{ type_text() }}) as created_date,
        false as is_deleted,
        cast(null as {{ type_text() }}) as segment_c,
        cast(null as {{ type_text() }}) as stripe_customer_id_c

    from deals

    left join accounts_shaped
        on deals.account_id = accounts_shaped.id

    where deals.account_id is not null and accounts_shaped.id is null

)

select * from accounts_shaped

union all

select * from deal_accounts_not_listed
