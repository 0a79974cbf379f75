{#-
    The board-deck headline of the last report month (the month of var as_of_date):
    one row per segment ('all' for the company) with the figures a revenue leader quotes.
    Compiled, not built: `dbt compile -s headline_kpis_as_of`, then run the SQL in
    target/compiled/.../analyses/.
-#}

with

revops_kpis as (

    select
        month_start,
        segment,
        mrr,
        arr,
        active_customers,
        customer_churn_rate,
        nrr,
        grr,
        quick_ratio,
        ltv_to_cac

    from {{ ref('fct_revops_kpis_monthly') }}

),

salesops_kpis as (

    select
        month_start,
        segment,
        win_rate,
        avg_sales_cycle_days,
        blended_cac,
        cac_payback_months,
        pipeline_velocity_per_day

    from {{ ref('fct_salesops_kpis_monthly') }}

),

last_month as (

    select max(month_start) as month_start
    from revops_kpis

),

headline as (

    select
        revops_kpis.month_start,
        revops_kpis.segment,
        revops_kpis.mrr,
        revops_kpis.arr,
        revops_kpis.active_customers,
        revops_kpis.customer_churn_rate,
        revops_kpis.nrr,
        revops_kpis.grr,
        revops_kpis.quick_ratio,
        revops_kpis.ltv_to_cac,
        salesops_kpis.win_rate,
        salesops_kpis.avg_sales_cycle_days,
        salesops_kpis.blended_cac,
        salesops_kpis.cac_payback_months,
        salesops_kpis.pipeline_velocity_per_day

    from revops_kpis

    inner join last_month
        on revops_kpis.month_start = last_month.month_start

    left join salesops_kpis
        on
            revops_kpis.month_start = salesops_kpis.month_start
            and revops_kpis.segment = salesops_kpis.segment

)

select * from headline
