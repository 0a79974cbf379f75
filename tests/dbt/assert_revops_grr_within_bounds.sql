{#-
    Retention sanity (M05): GRR never exceeds 1 nor NRR; logo retention and GRR stay in
    [0, 1]; one-month NRR equals 1 - net MRR churn and one-month GRR equals 1 - gross MRR
    churn on the total row (M04 identity, constant currency).
-#}

with

retention as (

    select
        month_start,
        dimension,
        dimension_value,
        nrr,
        grr,
        nrr_1m,
        grr_1m,
        logo_retention

    from {{ ref('fct_revenue_retention_monthly') }}

),

churn as (

    select
        month_start,
        dimension,
        dimension_value,
        gross_mrr_churn_rate,
        net_mrr_churn_rate

    from {{ ref('fct_churn_monthly') }}

),

violations as (

    select
        retention.month_start,
        retention.dimension,
        retention.dimension_value,
        retention.nrr,
        retention.grr,
        retention.nrr_1m,
        retention.grr_1m,
        churn.net_mrr_churn_rate,
        churn.gross_mrr_churn_rate

    from retention

    left join churn
        on
            retention.month_start = churn.month_start
            and retention.dimension = churn.dimension
            and retention.dimension_value = churn.dimension_value

    where
        retention.grr > 1 + 0.000001
        or retention.grr < 0
        or retention.grr > retention.nrr + 0.000001
        or retention.logo_retention > 1
        or retention.logo_retention < 0
        or abs(retention.nrr_1m - (1 - churn.net_mrr_churn_rate)) > 0.000001
        or abs(retention.grr_1m - (1 - churn.gross_mrr_churn_rate)) > 0.000001

)

select * from violations
