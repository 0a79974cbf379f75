{#-
    Price-test readout (E1), one row per experiment and variant: trials
    (assignments), conversions (the assigned customer has a paid, non-trial
    subscription item in force within var price_test_conversion_window_days of
    the assignment), conversion rate, new MRR per trial (conversion rate x list
    price, reporting currency at the assignment month's FX; NULL, never the
    native price, when the currency has no FX rate), lift against the
    control variant ('control' or 'a' if present, else the first variant by
    name) and a pooled two-proportion z-test of the conversion difference with
    its two-sided p-value (normal CDF approximated as documented in
    macros/revops.sql, error < 2e-7).
-#}

with

price_test_assignments as (

    select
        assignment_id,
        experiment_id,
        variant,
        list_price,
        currency,
        customer_id,
        assigned_date

    from {{ ref('stg_finance__price_test_assignments') }}

),

subscription_item_periods as (

    select
        customer_id,
        valid_from,
        valid_to,
        is_trial,
        unit_amount,
        quantity

    from {{ ref('int_subscription_item_periods') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

paid_periods as (

    select * from subscription_item_periods
    where not is_trial and unit_amount > 0 and quantity > 0

),

assignments_converted as (

    select
        price_test_assignments.assignment_id,
        price_test_assignments.experiment_id,
        price_test_assignments.variant,
        {{ value_at_rate('price_test_assignments.list_price', 'fx_rates.rate_to_reporting') }}
            as list_price,
        max(
            case
                when
                    paid_periods.valid_from
                    <= cast({{ dbt.dateadd('day', var('price_test_conversion_window_days', 30),
                        'price_test_assignments.assigned_date') }} as date)
                    and (
                        paid_periods.valid_to is null
                        or paid_periods.valid_to > price_test_assignments.assigned_date
                    )
                    then 1
                else 0
            end
        ) as is_converted

    from price_test_assignments

    left join paid_periods
        on price_test_assignments.customer_id = paid_periods.customer_id

    left join fx_rates
        on
            {{ month_start('price_test_assignments.assigned_date') }} = fx_rates.month_start
            and upper(price_test_assignments.currency) = fx_rates.currency

    group by 1, 2, 3, 4

),

variants_aggregated as (

    select
        experiment_id,
        variant,
        -- unknown when any assignment's price is (no FX rate for its currency)
        case when count(list_price) = count(*) then avg(list_price) end as list_price,
        count(*) as trials,
        sum(is_converted) as conversions

    from assignments_converted

    group by 1, 2

),

variants_ranked as (

    select
        *,
        cast(conversions as {{ type_double() }}) / nullif(cast(trials as {{ type_double() }}), 0)
            as conversion_rate,
        row_number() over (
            partition by experiment_id
            order by case when lower(variant) in ('control', 'a') then 0 else 1 end, variant
        ) as variant_rank

    from variants_aggregated

),

variants_against_control as (

    select
        variants_ranked.experiment_id,
        variants_ranked.variant,
        variants_ranked.variant_rank = 1 as is_control,
        variants_ranked.list_price,
        variants_ranked.trials,
        variants_ranked.conversions,
        variants_ranked.conversion_rate,
        variants_ranked.conversion_rate * variants_ranked.list_price as new_mrr_per_trial,
        control.conversion_rate * control.list_price as control_new_mrr_per_trial,
        control.conversion_rate as control_conversion_rate,
        control.trials as control_trials,
        cast(variants_ranked.conversions + control.conversions as {{ type_double() }})
        / nullif(cast(variants_ranked.trials + control.trials as {{ type_double() }}), 0)
            as pooled_conversion_rate

    from variants_ranked

    inner join variants_ranked as control
        on
            variants_ranked.experiment_id = control.experiment_id
            and control.variant_rank = 1

),

significance_tested as (

    select
        *,
        case
            when not is_control
                then
                    (conversion_rate - control_conversion_rate)
                    / nullif(
                        sqrt(
                            pooled_conversion_rate * (1 - pooled_conversion_rate)
                            * (1.0 / trials + 1.0 / control_trials)
                        ),
                        0
                    )
        end as z_score

    from variants_against_control

),

results as (

    select
        {{ surrogate_key(['experiment_id', 'variant']) }} as price_test_result_id,
        cast(experiment_id as {{ dbt.type_string() }}) as experiment_id,
        cast(variant as {{ dbt.type_string() }}) as variant,
        is_control,
        cast(list_price as decimal(18, 4)) as list_price,
        cast(trials as integer) as trials,
        cast(conversions as integer) as conversions,
        conversion_rate,
        cast(new_mrr_per_trial as decimal(18, 4)) as new_mrr_per_trial,
        case when not is_control then conversion_rate / nullif(control_conversion_rate, 0) - 1 end
            as conversion_rate_lift,
        case
            when not is_control then new_mrr_per_trial / nullif(control_new_mrr_per_trial, 0) - 1
        end
            as new_mrr_per_trial_lift,
        z_score,
        -- 6 decimals: the erf approximation is good to 1.5e-7
        {{ round_double(two_sided_p_value('z_score'), 6) }} as p_value,
        cast({{ var('price_test_significance_level', 0.05) }} as {{ type_double() }})
            as significance_level,
        {{ two_sided_p_value('z_score') }} < {{ var('price_test_significance_level', 0.05) }}
            as is_significant

    from significance_tested

)

select * from results
