{#-
    Lead-score validation (M10): lead -> customer conversion by score band (var
    lead_score_band_width points wide) over every lead created up to var as_of_date.
    Leads without any score event form their own band 'unscored' (no bounds), which
    is not part of the monotonic check. A score that ranks buyers well converts
    monotonically more in higher scored bands; `is_monotonic_with_lower_band` (NULL
    for the unscored band) feeds a warn-level test.
-#}

with

leads as (

    select
        lead_id,
        created_date,
        is_scored,
        score_band,
        score_band_lower,
        score_band_upper,
        mql_date,
        sql_date,
        is_customer

    from {{ ref('int_lead_funnel') }}

),

bands_aggregated as (

    select
        score_band,
        is_scored,
        score_band_lower,
        score_band_upper,
        count(*) as lead_count,
        count(mql_date) as mql_count,
        count(sql_date) as sql_count,
        count(case when is_customer then 1 end) as customer_count

    from leads

    where created_date <= {{ as_of_date() }}

    group by 1, 2, 3, 4

),

rates_calculated as (

    select
        *,
        cast(customer_count as {{ type_double() }}) / nullif(lead_count, 0) as lead_to_customer_rate

    from bands_aggregated

),

lower_bands_compared as (

    select
        *,
        case
            when is_scored
                then lag(lead_to_customer_rate) over (
                    partition by is_scored
                    order by score_band_lower
                )
        end as lower_band_lead_to_customer_rate

    from rates_calculated

),

lead_score_bands as (

    select
        {{ surrogate_key(['score_band']) }} as lead_score_band_id,
        cast(score_band as {{ dbt.type_string() }}) as score_band,
        cast(is_scored as boolean) as is_scored,
        cast(score_band_lower as integer) as score_band_lower,
        cast(score_band_upper as integer) as score_band_upper,
        cast(lead_count as integer) as lead_count,
        cast(mql_count as integer) as mql_count,
        cast(sql_count as integer) as sql_count,
        cast(customer_count as integer) as customer_count,
        cast(lead_to_customer_rate as {{ type_double() }}) as lead_to_customer_rate,
        cast(lower_band_lead_to_customer_rate as {{ type_double() }})
            as lower_band_lead_to_customer_rate,
        cast(
            case
                when is_scored
                    then coalesce(
                        lead_to_customer_rate >= lower_band_lead_to_customer_rate, true
                    )
            end as boolean
        ) as is_monotonic_with_lower_band

    from lower_bands_compared

)

select * from lead_score_bands
