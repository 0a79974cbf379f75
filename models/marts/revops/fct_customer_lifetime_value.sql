{#-
    Customer lifetime value (M07, D16): the one home of CLTV (SalesOps) and CLV
    (RevOps). One row per month and dimension value (total, segment):
    churn_6m = mean monthly customer churn over the var ltv_churn_window_months
    months before the month (current month excluded, NULL months skipped),
    expected_lifetime_months = 1 / churn_6m capped at var ltv_max_lifetime_months,
    ltv_revenue = ARPA x lifetime, ltv = ARPA x gross margin x lifetime
    (default, margin-adjusted). Zero or NULL churn gives NULL. ltv_to_cac uses
    fct_cac_monthly's blended CAC on the total row only.
    The monthly customer churn rate comes from its one home,
    int_mrr_movements_monthly, over the whole MRR history: window months before
    the report calendar count, so the first report months have a full window
    (DECISIONLOG R21). is_lifetime_capped marks rows whose 1 / churn_6m
    exceeded var ltv_max_lifetime_months.
    For the semantic layer (issue 15) each row also publishes its LTV as a numerator and a
    denominator: ltv_active_customers = the paying customers of the row when its ARPA and
    lifetime are known (the gross margin is the month's, the same for every slice);
    paying_base_ltv = MRR x margin x lifetime and paying_base_ltv_revenue = MRR x lifetime
    (ltv / ltv_revenue x those customers: the lifetime value of the paying base). So
    Σ numerator / Σ denominator over one row is the row's LTV (to the rounding of ARPA) and
    over several segments their customer-weighted LTV.
-#}

{%- set window_months = var('ltv_churn_window_months', 6) | int %}

with

calendar_months as (

    {{ report_month_starts() }}

),

mrr_arr as (

    {{ select_slice_rows(
        ref('fct_mrr_arr_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'mrr', 'active_customers', 'arpa'],
        ['total', 'segment']
    ) }}

),

-- the whole MRR history, so the window months before the report calendar count (R21)
churn as (

    {{ select_slice_rows(
        ref('int_mrr_movements_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'customer_churn_rate'],
        ['total', 'segment']
    ) }}

),

gross_margin as (

    select
        month_start,
        gross_margin_pct

    from {{ ref('stg_finance__gross_margin') }}

),

cac as (

    {{ select_slice_rows(
        ref('fct_cac_monthly'),
        ['month_start', 'dimension', 'dimension_value', 'blended_cac'],
        ['total']
    ) }}

),

dimension_values as (

    select distinct
        dimension,
        dimension_value

    from mrr_arr

),

report_grid as (

    select
        calendar_months.month_start,
        dimension_values.dimension,
        dimension_values.dimension_value

    from calendar_months

    cross join dimension_values

),

trailing_churn as (

    select
        report_grid.month_start,
        report_grid.dimension,
        report_grid.dimension_value,
        avg(churn.customer_churn_rate) as churn_6m,
        count(churn.customer_churn_rate) as churn_months_in_window

    from report_grid

    left join churn
        on
            report_grid.dimension = churn.dimension
            and report_grid.dimension_value = churn.dimension_value
            and report_grid.month_start > churn.month_start
            and churn.month_start
            >= cast(
                {{ dbt.dateadd('month', -1 * window_months, 'report_grid.month_start') }} as date
            )

    group by 1, 2, 3

),

lifetime_calculated as (

    select
        trailing_churn.month_start,
        trailing_churn.dimension,
        trailing_churn.dimension_value,
        mrr_arr.arpa,
        mrr_arr.mrr,
        mrr_arr.active_customers,
        cast(gross_margin.gross_margin_pct as {{ type_double() }}) as gross_margin_pct,
        trailing_churn.churn_6m,
        trailing_churn.churn_months_in_window,
        coalesce(
            1.0 / nullif(trailing_churn.churn_6m, 0) > {{ var('ltv_max_lifetime_months', 60) }},
            false
        ) as is_lifetime_capped,
        case
            when 1.0 / nullif(trailing_churn.churn_6m, 0) > {{ var('ltv_max_lifetime_months', 60) }}
                then cast({{ var('ltv_max_lifetime_months', 60) }} as {{ type_double() }})
            else 1.0 / nullif(trailing_churn.churn_6m, 0)
        end as expected_lifetime_months

    from trailing_churn

    left join mrr_arr
        on {{ slice_keys_match('trailing_churn', 'mrr_arr') }}

    left join gross_margin
        on trailing_churn.month_start = gross_margin.month_start

),

ltv_calculated as (

    select
        {{ surrogate_key(['lifetime_calculated.month_start', 'lifetime_calculated.dimension',
            'lifetime_calculated.dimension_value']) }} as customer_lifetime_value_id,
        lifetime_calculated.month_start,
        cast(lifetime_calculated.dimension as {{ dbt.type_string() }}) as dimension,
        cast(lifetime_calculated.dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(lifetime_calculated.arpa as decimal(18, 4)) as arpa,
        lifetime_calculated.gross_margin_pct,
        -- rounded to 1e-10 so the value does not depend on the summation order of avg()
        {{ round_double('lifetime_calculated.churn_6m', 10) }} as churn_6m,
        cast(lifetime_calculated.churn_months_in_window as integer) as churn_months_in_window,
        lifetime_calculated.churn_months_in_window
        < {{ var('ltv_min_churn_months_for_trust', 3) }} as is_churn_window_short,
        {{ round_double('lifetime_calculated.expected_lifetime_months', 10) }}
            as expected_lifetime_months,
        lifetime_calculated.is_lifetime_capped,
        {{ to_decimal(
            'cast(lifetime_calculated.arpa as ' ~ type_double() ~ ')
            * lifetime_calculated.expected_lifetime_months', 18, 4
        ) }} as ltv_revenue,
        {{ to_decimal(
            'cast(lifetime_calculated.arpa as ' ~ type_double() ~ ')
            * lifetime_calculated.gross_margin_pct
            * lifetime_calculated.expected_lifetime_months', 18, 4
        ) }} as ltv,
        cast(cac.blended_cac as decimal(18, 4)) as blended_cac,
        {{ round_double(
            'cast(lifetime_calculated.arpa as ' ~ type_double() ~ ')
            * lifetime_calculated.gross_margin_pct
            * lifetime_calculated.expected_lifetime_months
            / nullif(cast(cac.blended_cac as ' ~ type_double() ~ '), 0)',
            10
        ) }} as ltv_to_cac,
        cast(
            case
                when
                    lifetime_calculated.arpa is not null
                    and lifetime_calculated.expected_lifetime_months is not null
                    then lifetime_calculated.active_customers
            end as integer
        ) as ltv_active_customers,
        -- MRR x lifetime (x margin) = ARPA x lifetime (x margin) x the paying customers
        {{ to_decimal(
            'case when lifetime_calculated.arpa is not null then
                cast(lifetime_calculated.mrr as ' ~ type_double() ~ ')
                * lifetime_calculated.expected_lifetime_months end', 18, 4
        ) }} as paying_base_ltv_revenue,
        {{ to_decimal(
            'case when lifetime_calculated.arpa is not null then
                cast(lifetime_calculated.mrr as ' ~ type_double() ~ ')
                * lifetime_calculated.gross_margin_pct
                * lifetime_calculated.expected_lifetime_months end', 18, 4
        ) }} as paying_base_ltv

    from lifetime_calculated

    left join cac
        on {{ slice_keys_match('lifetime_calculated', 'cac') }}

)

select * from ltv_calculated
