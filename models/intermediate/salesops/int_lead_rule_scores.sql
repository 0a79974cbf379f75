{#-
    The additive lead-scoring rule set (spec M10, WE13): fit points from the lead's
    title, company size and industry, engagement points from marketing events, and a
    penalty for free or student e-mail addresses. Points come from the seed
    lookups/lead_scoring_rules; the patterns and the MQL threshold are vars.
-#}

{%- set senior_title_patterns = var('lead_scoring_senior_title_patterns') %}
{%- set saas_industries = var('lead_scoring_saas_industries') %}
{%- set free_email_domains = var('lead_scoring_free_email_domains') %}
{%- set student_email_patterns = var('lead_scoring_student_email_patterns') %}

with

leads as (

    select
        lead_id,
        email,
        title,
        industry,
        employee_count

    from {{ ref('stg_crm__leads') }}

),

lead_events as (

    select
        lead_id,
        event_type

    from {{ ref('stg_marketing__lead_events') }}

    where lead_id is not null

),

scoring_rules as (

    select
        rule_id,
        points,
        max_points

    from {{ ref('lead_scoring_rules') }}

),

events_counted as (

    select
        lead_id,
        count(case when event_type = 'pricing_page_visit' then 1 end) as pricing_page_visits,
        count(case when event_type = 'lead_magnet_download' then 1 end) as lead_magnet_downloads,
        count(case when event_type = 'email_open' then 1 end) as email_opens

    from lead_events

    group by 1

),

rules_matched as (

    select
        leads.lead_id,
        leads.title,
        leads.employee_count,
        leads.industry,
        coalesce(events_counted.pricing_page_visits, 0) as pricing_page_visits,
        coalesce(events_counted.lead_magnet_downloads, 0) as lead_magnet_downloads,
        coalesce(events_counted.email_opens, 0) as email_opens,
        coalesce(
            false
            {%- for pattern in senior_title_patterns %}
                or lower(trim(leads.title)) like '{{ pattern }}'
            {%- endfor %},
            false
        ) as has_senior_title,
        coalesce(
            leads.employee_count between {{ var('lead_scoring_min_employees') }}
            and {{ var('lead_scoring_max_employees') }},
            false
        ) as is_target_company_size,
        coalesce(
            lower(trim(leads.industry)) in (
                {%- for industry in saas_industries %}
                    '{{ industry }}'{{ ',' if not loop.last }}
                {%- endfor %}
            ),
            false
        ) as is_saas_industry,
        coalesce(
            lower({{ dbt.split_part('leads.email', "'@'", 2) }}) in (
                {%- for domain in free_email_domains %}
                    '{{ domain }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
            {%- for pattern in student_email_patterns %}
                or lower({{ dbt.split_part('leads.email', "'@'", 2) }}) like '{{ pattern }}'
            {%- endfor %},
            false
        ) as has_free_or_student_email

    from leads

    left join events_counted
        on leads.lead_id = events_counted.lead_id

),

points_per_rule as (

    select
        rules_matched.lead_id,
        rules_matched.has_senior_title,
        rules_matched.is_target_company_size,
        rules_matched.is_saas_industry,
        rules_matched.pricing_page_visits,
        rules_matched.lead_magnet_downloads,
        rules_matched.email_opens,
        rules_matched.has_free_or_student_email,
        sum(
            case
                when scoring_rules.rule_id = 'senior_title' and rules_matched.has_senior_title
                    then scoring_rules.points
                when
                    scoring_rules.rule_id = 'employees_50_to_500'
                    and rules_matched.is_target_company_size
                    then scoring_rules.points
                when scoring_rules.rule_id = 'saas_industry' and rules_matched.is_saas_industry
                    then scoring_rules.points
                when
                    scoring_rules.rule_id = 'pricing_page_visit'
                    and rules_matched.pricing_page_visits > 0
                    then scoring_rules.points
                when
                    scoring_rules.rule_id = 'lead_magnet_download'
                    and rules_matched.lead_magnet_downloads > 0
                    then scoring_rules.points
                when scoring_rules.rule_id = 'email_open'
                    then case
                        when scoring_rules.max_points is null
                            then scoring_rules.points * rules_matched.email_opens
                        when
                            scoring_rules.points * rules_matched.email_opens
                            > scoring_rules.max_points
                            then scoring_rules.max_points
                        else scoring_rules.points * rules_matched.email_opens
                    end
                when
                    scoring_rules.rule_id = 'free_or_student_email'
                    and rules_matched.has_free_or_student_email
                    then scoring_rules.points
                else 0
            end
        ) as lead_rule_score

    from rules_matched

    cross join scoring_rules

    group by 1, 2, 3, 4, 5, 6, 7, 8

),

scores_flagged as (

    select
        lead_id,
        has_senior_title,
        is_target_company_size,
        is_saas_industry,
        pricing_page_visits,
        lead_magnet_downloads,
        email_opens,
        has_free_or_student_email,
        cast(lead_rule_score as integer) as lead_rule_score,
        lead_rule_score >= {{ var('mql_score_threshold') }} as is_rule_mql

    from points_per_rule

)

select * from scores_flagged
