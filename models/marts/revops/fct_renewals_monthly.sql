{#-
    Contract renewal rates (M06a), one row per renewal due month and dimension
    value (total, segment), from CRM renewal opportunities: prior_arr is the ARR
    up for renewal, amount the renewed ARR (0 unless won). Early renewals belong
    to their due month. The rates' population follows var renewal_rate_basis:
    'resolved' (D22, default) = renewals due in the month that are won or lost,
    open ones reported as pending_renewal_arr; 'due' (Gainsight) = every renewal
    due in the month, open ones counting as not renewed. Money in the reporting
    currency at the due month's FX rate.
-#}

{%- set basis = var('renewal_rate_basis', 'resolved') %}
{%- if basis not in ['resolved', 'due'] %}
    {{ exceptions.raise_compiler_error(
        "var renewal_rate_basis must be 'resolved' or 'due', got " ~ basis
    ) }}
{%- endif %}

with

calendar_months as (

    {{ report_month_starts() }}

),

opportunities as (

    select
        opportunity_id,
        account_id,
        opp_type,
        status,
        amount,
        currency,
        renewal_due_date,
        prior_arr,
        close_date,
        expected_close_date

    from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select
        account_id,
        segment

    from {{ ref('stg_crm__accounts') }}

),

fx_rates as (

    select
        month_start,
        currency,
        rate_to_reporting

    from {{ ref('int_fx_rates_monthly') }}

),

renewals as (

    select
        opportunities.opportunity_id,
        coalesce(accounts.segment, 'unknown') as segment,
        opportunities.status,
        upper(opportunities.currency) as currency,
        {{ month_start(
            'coalesce(opportunities.renewal_due_date, opportunities.close_date,'
            ~ ' opportunities.expected_close_date)'
        ) }}
            as due_month_start,
        coalesce(opportunities.prior_arr, 0) as prior_arr_native,
        case when opportunities.status = 'won' then coalesce(opportunities.amount, 0) else 0 end
            as renewed_arr_native

    from opportunities

    left join accounts
        on opportunities.account_id = accounts.account_id

    where opportunities.opp_type = 'renewal'

),

renewals_valued as (

    select
        renewals.opportunity_id,
        renewals.segment,
        renewals.status,
        renewals.due_month_start,
        {{ convert_to_reporting('renewals.prior_arr_native', 'fx_rates.rate_to_reporting') }}
            as prior_arr,
        {{ convert_to_reporting('renewals.renewed_arr_native', 'fx_rates.rate_to_reporting') }}
            as renewed_arr,
        {%- if basis == 'resolved' %}
            renewals.status in ('won', 'lost') as is_in_rate_base
        {%- else %}
        true as is_in_rate_base
        {%- endif %}

    from renewals

    inner join calendar_months
        on renewals.due_month_start = calendar_months.month_start

    left join fx_rates
        on
            renewals.due_month_start = fx_rates.month_start
            and renewals.currency = fx_rates.currency

),

renewals_by_dimension as (

    select
        due_month_start,
        'total' as dimension,
        'all' as dimension_value,
        status,
        prior_arr,
        renewed_arr,
        is_in_rate_base

    from renewals_valued

    union all

    select
        due_month_start,
        'segment' as dimension,
        segment as dimension_value,
        status,
        prior_arr,
        renewed_arr,
        is_in_rate_base

    from renewals_valued

),

renewals_aggregated as (

    select
        due_month_start as month_start,
        dimension,
        dimension_value,
        count(*) as renewals_due,
        sum(case when status = 'won' then 1 else 0 end) as renewals_won,
        sum(case when status = 'lost' then 1 else 0 end) as renewals_lost,
        sum(case when status = 'open' then 1 else 0 end) as renewals_open,
        sum(case when is_in_rate_base then 1 else 0 end) as renewals_in_rate_base,
        sum(prior_arr) as prior_arr_due,
        sum(case when is_in_rate_base then prior_arr else 0 end) as prior_arr_in_rate_base,
        sum(case when is_in_rate_base then renewed_arr else 0 end) as renewed_arr,
        sum(
            case
                when not is_in_rate_base then 0
                when renewed_arr < prior_arr then renewed_arr
                else prior_arr
            end
        ) as renewed_arr_capped,
        sum(
            case
                when is_in_rate_base and renewed_arr > prior_arr then renewed_arr - prior_arr
                else 0
            end
        ) as upsell_at_renewal_arr,
        sum(case when status = 'open' then prior_arr else 0 end) as pending_renewal_arr

    from renewals_by_dimension

    group by 1, 2, 3

),

renewal_rates_calculated as (

    select
        {{ slice_key_columns('renewal_monthly_id') }},
        cast('{{ basis }}' as {{ dbt.type_string() }}) as renewal_rate_basis,
        cast(renewals_due as integer) as renewals_due,
        cast(renewals_won as integer) as renewals_won,
        cast(renewals_lost as integer) as renewals_lost,
        cast(renewals_open as integer) as renewals_open,
        cast(renewals_in_rate_base as integer) as renewals_in_rate_base,
        cast(prior_arr_due as decimal(18, 4)) as prior_arr_due,
        cast(prior_arr_in_rate_base as decimal(18, 4)) as prior_arr_in_rate_base,
        cast(renewed_arr as decimal(18, 4)) as renewed_arr,
        cast(renewed_arr_capped as decimal(18, 4)) as renewed_arr_capped,
        cast(upsell_at_renewal_arr as decimal(18, 4)) as upsell_at_renewal_arr,
        cast(pending_renewal_arr as decimal(18, 4)) as pending_renewal_arr,
        cast(renewed_arr_capped as {{ type_double() }})
        / nullif(cast(prior_arr_in_rate_base as {{ type_double() }}), 0)
            as gross_dollar_renewal_rate,
        cast(renewed_arr as {{ type_double() }})
        / nullif(cast(prior_arr_in_rate_base as {{ type_double() }}), 0)
            as net_dollar_renewal_rate,
        cast(renewals_won as {{ type_double() }})
        / nullif(cast(renewals_in_rate_base as {{ type_double() }}), 0)
            as logo_renewal_rate,
        cast(upsell_at_renewal_arr as {{ type_double() }})
        / nullif(cast(prior_arr_in_rate_base as {{ type_double() }}), 0)
            as upsell_at_renewal_rate

    from renewals_aggregated

)

select * from renewal_rates_calculated
