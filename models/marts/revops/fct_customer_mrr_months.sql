{#-
    The report months of the MRR engine (int_customer_mrr_months): one row per
    billing customer and month of dim_months, published under a contract.
-#}

{{ publish_contract_columns('int_customer_mrr_months', where='is_reporting_month') }}
